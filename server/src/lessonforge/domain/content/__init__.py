"""The Content API's pure rules: schema (models, fields, enums), value checks, and the query grammar."""
