//! CoNLL-U reading and writing. PLACEHOLDER until the real reader/writer lands.
