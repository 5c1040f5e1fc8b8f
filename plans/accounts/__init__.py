"""Accounts and who may do what: people, passwords, the access policy, scope, administration and regions."""
