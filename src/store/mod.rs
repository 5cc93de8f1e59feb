//! Storage: sled trees behind one codec module.
