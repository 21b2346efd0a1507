//! CoNLL 2018 shared-task evaluation. PLACEHOLDER until the real metrics land.
