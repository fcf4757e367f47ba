"""The JSON API: response schemas (`schemas`), refusals and limits
(`middleware`), live updates (`stream`), reads from the index (`reads`),
prepared transactions (`transactions`) and the routes (`routes`)."""
