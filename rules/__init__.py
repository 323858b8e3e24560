"""Judge paper lists: parse markdown tables and JSON data files, run the rules, fix what is certain. Pure: no I/O."""
