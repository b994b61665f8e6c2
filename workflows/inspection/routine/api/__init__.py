"""常态督导 over the REST API (/api/v1/routine/): the same services and rules as the pages."""
