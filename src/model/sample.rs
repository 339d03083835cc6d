//! Choosing the next token: greedy, or seeded temperature and nucleus
//! (top-p) sampling; and the log-probability of the choice, by which
//! candidates are ranked.

/// How the next token is chosen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sampling {
    /// The most likely token (the lowest id among equals): deterministic.
    Greedy,
    /// Sampled from the tokens that make up `top_p` of the probability mass
    /// at `temperature`, with a generator seeded from `seed`.
    TopP {
        temperature: f64,
        top_p: f64,
        seed: u64,
    },
}

impl Sampling {
    /// For fingerprints and reports.
    pub fn describe(&self) -> String {
        match self {
            Sampling::Greedy => "greedy".into(),
            Sampling::TopP {
                temperature,
                top_p,
                seed,
            } => format!("top-p {top_p} at temperature {temperature}, seed {seed}"),
        }
    }
}

/// A small generator (SplitMix64) whose sequence is ours, so a seed means
/// the same samples in every version of xlate and its dependencies.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A generator for one of several streams from the same seed (one per
    /// candidate).
    pub fn stream(seed: u64, index: u64) -> Rng {
        let mut mix = Rng(seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F));
        Rng(mix.next_u64())
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Chooses tokens from logits.
pub struct Sampler {
    sampling: Sampling,
    rng: Rng,
}

impl Sampler {
    /// A sampler for candidate `index` of a unit.
    pub fn new(sampling: Sampling, index: u64) -> Sampler {
        let seed = match sampling {
            Sampling::TopP { seed, .. } => seed,
            Sampling::Greedy => 0,
        };
        Sampler {
            sampling,
            rng: Rng::stream(seed, index),
        }
    }

    /// The next token and its log-probability under the model (at
    /// temperature 1, whatever the sampling temperature).
    pub fn choose(&mut self, logits: &[f32]) -> (u32, f64) {
        let token = match self.sampling {
            Sampling::Greedy => argmax(logits),
            Sampling::TopP {
                temperature, top_p, ..
            } => top_p_sample(logits, temperature, top_p, self.rng.next_f64()),
        };
        (token, log_prob(logits, token))
    }
}

/// The first index of the largest value (NaN counts as smallest).
pub fn argmax(logits: &[f32]) -> u32 {
    let mut best = 0;
    for (i, &x) in logits.iter().enumerate() {
        if x > logits[best] || (logits[best].is_nan() && !x.is_nan()) {
            best = i;
        }
    }
    best as u32
}

/// `log softmax(logits)[token]`, in f64.
pub fn log_prob(logits: &[f32], token: u32) -> f64 {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max) as f64;
    let sum: f64 = logits.iter().map(|&x| (x as f64 - max).exp()).sum();
    logits[token as usize] as f64 - max - sum.ln()
}

/// Nucleus sampling with `u` uniform in [0, 1).
fn top_p_sample(logits: &[f32], temperature: f64, top_p: f64, u: f64) -> u32 {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max) as f64;
    let weights: Vec<f64> = logits
        .iter()
        .map(|&x| ((x as f64 - max) / temperature).exp())
        .collect();
    let total: f64 = weights.iter().sum();
    // Most likely first; ties by id, so the order is fully determined.
    let mut order: Vec<u32> = (0..logits.len() as u32)
        .filter(|&i| weights[i as usize] > 0.0)
        .collect();
    order.sort_unstable_by(|&a, &b| {
        weights[b as usize]
            .total_cmp(&weights[a as usize])
            .then(a.cmp(&b))
    });
    let mut kept = 0.0;
    let mut nucleus = 0;
    for &i in &order {
        kept += weights[i as usize];
        nucleus += 1;
        if kept >= top_p * total {
            break;
        }
    }
    let mut target = u * kept;
    for &i in &order[..nucleus] {
        target -= weights[i as usize];
        if target < 0.0 {
            return i;
        }
    }
    order[nucleus.saturating_sub(1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_takes_the_first_maximum() {
        assert_eq!(argmax(&[0.1, 3.0, 3.0, -1.0]), 1);
        assert_eq!(argmax(&[f32::NAN, 0.5]), 1);
        let mut s = Sampler::new(Sampling::Greedy, 0);
        let (token, lp) = s.choose(&[0.0, 0.0]);
        assert_eq!(token, 0);
        assert!((lp - 0.5f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn log_probabilities_normalize() {
        let logits = [1.0f32, 2.0, 3.0, -4.0];
        let total: f64 = (0..4).map(|t| log_prob(&logits, t).exp()).sum();
        assert!((total - 1.0).abs() < 1e-12);
    }

    #[test]
    fn top_p_keeps_only_the_nucleus() {
        // Token 2 holds ~0.84 of the mass: with top_p 0.5 it is all we keep.
        let logits = [0.0f32, 1.0, 3.0];
        for k in 0..50 {
            let u = k as f64 / 50.0;
            assert_eq!(top_p_sample(&logits, 1.0, 0.5, u), 2);
        }
        // With everything kept, every token comes up.
        let seen: std::collections::BTreeSet<u32> = (0..200)
            .map(|k| top_p_sample(&logits, 5.0, 1.0, k as f64 / 200.0))
            .collect();
        assert_eq!(seen.into_iter().collect::<Vec<_>>(), vec![0, 1, 2]);
    }

    #[test]
    fn the_same_seed_gives_the_same_stream() {
        let draw = |seed, index| {
            let mut r = Rng::stream(seed, index);
            (0..4).map(|_| r.next_u64()).collect::<Vec<_>>()
        };
        assert_eq!(draw(1, 0), draw(1, 0));
        assert_ne!(draw(1, 0), draw(2, 0));
        assert_ne!(draw(1, 0), draw(1, 1));
        let mut r = Rng::new(3);
        assert!((0..1000)
            .map(|_| r.next_f64())
            .all(|x| (0.0..1.0).contains(&x)));
    }
}
