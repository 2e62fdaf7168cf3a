"""The earlier spelling of `tinhdoan twofactor-reset`, kept for the scripts that use it."""

from importlib import import_module

Command = import_module("tinhdoan.accounts.management.commands.twofactor-reset").Command
