//! `marsad serve`: the HTTP JSON API and the web UI over a store.
