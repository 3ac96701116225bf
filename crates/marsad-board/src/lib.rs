//! The situation board: per place, a state over time derived from events.
