//! What the three trained models (morphology, entities, syntax) share: the model-file format
//! ([`binio`]), feature hashing ([`hash`]) and, for training, averaged-perceptron weights with
//! their i16 quantisation ([`perceptron`]).

pub mod binio;
pub mod hash;
#[cfg(not(target_arch = "wasm32"))]
pub mod perceptron;
