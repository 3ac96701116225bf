//! Export of a store's tables.
