//! Averaged-perceptron weights for the trainers, and their quantisation into the i16 tables
//! that the models ship.

/// Integer perceptron weights with the time-weighted update sums that give their average
/// (Daumé's trick: the average is `w - u / c`, with no pass over all weights per update).
#[derive(Debug, Clone)]
pub struct Averaged {
    /// The current weights.
    pub w: Vec<i32>,
    /// Each update times the step at which it was made.
    u: Vec<i64>,
    /// The step counter, starting at 1.
    c: i64,
}

impl Averaged {
    /// `n` zero weights.
    pub fn new(n: usize) -> Self {
        Averaged { w: vec![0; n], u: vec![0; n], c: 1 }
    }

    /// Adds `d` to weight `i`.
    #[inline]
    pub fn update(&mut self, i: usize, d: i32) {
        self.w[i] += d;
        self.u[i] += d as i64 * self.c;
    }

    /// Ends one training step (one example).
    #[inline]
    pub fn tick(&mut self) {
        self.c += 1;
    }

    /// The averaged weights.
    pub fn averaged(&self) -> impl Iterator<Item = f64> + '_ {
        let c = self.c as f64;
        self.w.iter().zip(&self.u).map(move |(&w, &u)| w as f64 - u as f64 / c)
    }
}

/// The element-wise mean of the weight vectors that `train(run)` returns for runs `0..runs` (at
/// least one): perceptrons trained on different orders of the data, folded into one model of the
/// same size. `M` is the number of weight vectors a run returns (emissions and transitions...).
pub fn mean_of_runs<const M: usize>(runs: usize, mut train: impl FnMut(usize) -> [Vec<f64>; M]) -> [Vec<f64>; M] {
    let runs = runs.max(1);
    let mut sum = train(0);
    for run in 1..runs {
        for (s, w) in sum.iter_mut().zip(train(run)) {
            s.iter_mut().zip(&w).for_each(|(s, x)| *s += x);
        }
    }
    if runs > 1 {
        sum.iter_mut().flatten().for_each(|s| *s /= runs as f64);
    }
    sum
}

/// The factor that maps weights whose largest magnitude is `max_abs` into i16 (at most 32000),
/// capped at `cap` so that tiny weights are not blown up into noise.
pub fn scale_for(max_abs: f64, cap: f64) -> f64 {
    (32000.0 / max_abs.max(1e-9)).min(cap)
}

/// The largest magnitude among `values`.
pub fn max_abs<'a>(values: impl IntoIterator<Item = &'a f64>) -> f64 {
    values.into_iter().fold(0f64, |m, v| m.max(v.abs()))
}

/// `values` times `scale`, rounded to i16.
pub fn quantize(values: &[f64], scale: f64) -> Vec<i16> {
    values.iter().map(|v| (v * scale).round() as i16).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_weights_each_value_by_how_long_it_held() {
        // Three steps; the counter ends at 4, and an update at step c counts for 4 - c of them.
        let mut a = Averaged::new(2);
        a.update(0, 1); // at step 1
        a.tick();
        a.tick();
        a.update(1, -2); // at step 3
        a.tick();
        let avg: Vec<f64> = a.averaged().collect();
        assert!((avg[0] - 0.75).abs() < 1e-9);
        assert!((avg[1] + 0.5).abs() < 1e-9);
        let s = scale_for(max_abs(&avg), 64.0);
        assert_eq!(s, 64.0);
        assert_eq!(quantize(&avg, s), vec![48, -32]);
    }

    #[test]
    fn runs_are_averaged_element_by_element() {
        let [a, b] = mean_of_runs(4, |run| [vec![run as f64, 1.0], vec![-2.0 * run as f64]]);
        assert_eq!(a, vec![1.5, 1.0]);
        assert_eq!(b, vec![-3.0]);
        let [one] = mean_of_runs(0, |_| [vec![0.25]]);
        assert_eq!(one, vec![0.25]);
    }
}
