"""Services: load from the database, ask the policy and the domain, save, audit."""
