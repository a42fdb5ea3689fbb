//! The knowledge base as a network: how two entities are connected.

pub mod paths;
