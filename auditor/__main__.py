from auditor.cli import console

console()
