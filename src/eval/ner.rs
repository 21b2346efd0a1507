//! Named-entity evaluation (entity-level exact match). Filled in below.
