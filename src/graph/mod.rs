//! The knowledge base as a network: how two entities are connected, the part of it a
//! picture shows, and where each point of that picture goes.

pub mod layout;
pub mod maps;
pub mod network;
pub mod paths;
pub mod picture;
mod quadtree;
pub mod shapes;
pub mod tree;
