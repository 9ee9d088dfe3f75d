//! The API's calls: one generated module per namespace (`generated/`), on the hand-written
//! pieces every call shares: how parameters are read from JSON ([`args`]) and go on the wire
//! ([`encode`]), the page walker ([`pages`]) and the calls by name ([`json`]).

pub(crate) mod args;
pub(crate) mod encode;
pub(crate) mod generated;
pub(crate) mod json;
pub(crate) mod pages;

pub use generated::tree;
