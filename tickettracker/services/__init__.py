"""Use cases, one module per area: check with the domain, write with the store in one short transaction, then emit
a change event (``events``) so every open tab refreshes."""
