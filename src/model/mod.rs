//! What the three trained models (morphology, entities, syntax) share: the model-file format
//! ([`binio`]), feature hashing ([`hash`]) and, for training, averaged-perceptron weights with
//! their i16 quantisation (`perceptron`, compiled with the native-only feature `train`).

pub mod binio;
pub mod hash;
#[cfg(dikduk_train)]
pub mod perceptron;
