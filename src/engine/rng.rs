//! The one random number generator of a simulation run, and the draws the engine needs.
//!
//! Xoshiro256++ seeded through SplitMix64: the same integer operations on every platform, so a seed
//! gives the same stream natively and in wasm32. Transcendental functions come from `libm` rather
//! than `std`, because `std` calls the platform's math library, whose last bit may differ between
//! glibc and wasm; `libm` is the same Rust code everywhere. Nothing here draws a `usize`.

/// The simulation's random source. Passed as `&mut` to everything that draws.
#[derive(Clone, Debug)]
pub struct SimRng {
    inner: Xoshiro256PlusPlus,
    /// Second normal deviate from the last Box-Muller pair, used by the next `normal()` call.
    spare_normal: Option<f64>,
    zig: Box<Ziggurat>,
}

/// Xoshiro256++ (Blackman and Vigna), seeded from a `u64` through SplitMix64: the generator and
/// the seeding of `rand_xoshiro`'s `Xoshiro256PlusPlus`, stream for stream (a test compares
/// them). Written out here because the simulation reseeds it twice per service (`reseed`), and
/// the crate's seeding goes through a byte array and a scan of it for an all-zero seed, which
/// cost more than the draws that follow.
#[derive(Clone, Debug)]
struct Xoshiro256PlusPlus {
    s: [u64; 4],
    /// After seeding, the words of the state not yet worked out: `Fresh` until the first output
    /// is taken, `Drawn` after it (the state not yet stepped), `Ready` once the state is whole.
    /// A reseeded sub-stream usually gives one output (a service time, a resolve-or-not), and the
    /// first output needs only `s[0]` and `s[3]`: the other two words are worked out, and the
    /// state stepped, only when a second output is taken. The outputs are the same either way.
    lazy: Lazy,
    /// The SplitMix64 state the seed started from, for the words worked out late.
    seed: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lazy {
    Ready,
    Fresh,
    Drawn,
}

/// SplitMix64's `k`-th output (from 1) from state `x`.
#[inline(always)]
fn splitmix(x: u64, k: u64) -> u64 {
    let x = x.wrapping_add(0x9e37_79b9_7f4a_7c15_u64.wrapping_mul(k));
    let z = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Xoshiro256PlusPlus {
    /// The state is SplitMix64's next four outputs from `x`. They are never all zero (the only
    /// state xoshiro cannot leave): SplitMix64's output function is a bijection and its four
    /// states differ, so at most one output is zero. Words 1 and 2 are worked out late (`lazy`).
    #[inline(always)]
    fn seed_from_u64(x: u64) -> Xoshiro256PlusPlus {
        Xoshiro256PlusPlus { s: [splitmix(x, 1), 0, 0, splitmix(x, 4)], lazy: Lazy::Fresh, seed: x }
    }

    #[inline(always)]
    fn next_u64(&mut self) -> u64 {
        match self.lazy {
            Lazy::Ready => self.step(),
            Lazy::Fresh => {
                self.lazy = Lazy::Drawn;
                let s = &self.s;
                s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0])
            }
            Lazy::Drawn => self.second(),
        }
    }

    /// The second output of a fresh state, with the rest of the state worked out: out of line.
    #[inline(never)]
    fn second(&mut self) -> u64 {
        (self.s[1], self.s[2]) = (splitmix(self.seed, 2), splitmix(self.seed, 3));
        self.lazy = Lazy::Ready;
        self.step();
        self.step()
    }

    /// Steps the whole state and returns the output of the state before.
    #[inline(always)]
    fn step(&mut self) -> u64 {
        let s = &mut self.s;
        let out = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }
}

/// Layer tables of the ziggurat method for the exponential distribution (Marsaglia and Tsang,
/// 2000), 256 layers. Most draws need one random word and one comparison, no logarithm; the
/// simulation draws an exponential for nearly every event, so this matters. Built with `libm` at
/// start-up, so the tables are the same on every platform.
#[derive(Clone, Debug)]
struct Ziggurat {
    /// Right edges of the layers, x[0] > x[1] = R > ... > x[256] = 0.
    x: [f64; 257],
    /// exp(-x[i]).
    f: [f64; 257],
}

/// Start of the tail and area of each layer for 256 layers of exp(-x).
const ZIG_R: f64 = 7.697_117_470_131_05;
const ZIG_V: f64 = 0.003_949_659_822_581_557;

impl Ziggurat {
    fn new() -> Ziggurat {
        let mut x = [0.0; 257];
        x[0] = ZIG_V / libm::exp(-ZIG_R);
        x[1] = ZIG_R;
        for i in 1..256 {
            x[i + 1] = -libm::log(ZIG_V / x[i] + libm::exp(-x[i]));
        }
        x[256] = 0.0;
        let mut f = [0.0; 257];
        for i in 0..257 {
            f[i] = libm::exp(-x[i]);
        }
        Ziggurat { x, f }
    }
}

impl SimRng {
    pub fn new(seed: u64) -> SimRng {
        SimRng { inner: Xoshiro256PlusPlus::seed_from_u64(seed), spare_normal: None, zig: Box::new(Ziggurat::new()) }
    }

    /// Restarts the stream from `key`: one generator serves many short sub-streams (an issue's
    /// service at a level, say), each fully determined by its key.
    #[inline(always)]
    pub fn reseed(&mut self, key: u64) {
        self.inner = Xoshiro256PlusPlus::seed_from_u64(key);
        self.spare_normal = None;
    }

    #[inline(always)]
    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// Uniform in [0, 1), with 53 random bits.
    #[inline(always)]
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in (0, 1]: safe to take the logarithm of.
    pub fn uniform_open0(&mut self) -> f64 {
        1.0 - self.uniform()
    }

    /// True with probability `p`.
    #[inline(always)]
    pub fn bernoulli(&mut self, p: f64) -> bool {
        // p = 1 must always succeed and p = 0 never: uniform() is in [0, 1).
        self.uniform() < p
    }

    /// Exponential with mean 1, by the ziggurat method. The usual case (one word, one comparison)
    /// is inlined where a service time or an arrival gap is drawn; the rest is out of line.
    #[inline(always)]
    pub fn exp1(&mut self) -> f64 {
        let bits = self.next_u64();
        // The low 8 bits pick a layer; the high 53 (disjoint from them) a point in it.
        let i = (bits & 0xff) as usize;
        let u = (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        let x = &self.zig.x;
        let v = u * x[i];
        if v < x[i + 1] {
            return v;
        }
        self.exp1_beyond(i, v)
    }

    /// The rest of a draw of [`SimRng::exp1`] whose point `v` in layer `i` fell outside the
    /// layer's rectangle: the tail, or a check against the curve, or a fresh draw.
    #[cold]
    #[inline(never)]
    fn exp1_beyond(&mut self, i: usize, v: f64) -> f64 {
        if i == 0 {
            // The tail beyond R is R plus a fresh exponential (memorylessness).
            return ZIG_R - libm::log(self.uniform_open0());
        }
        let f = &self.zig.f;
        let (below, step) = (f[i + 1], f[i] - f[i + 1]);
        if below + step * self.uniform() < libm::exp(-v) {
            return v;
        }
        self.exp1()
    }

    /// Standard normal, by the Box-Muller transform (both deviates of a pair are used).
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare_normal.take() {
            return z;
        }
        let r = libm::sqrt(-2.0 * libm::log(self.uniform_open0()));
        let theta = 2.0 * std::f64::consts::PI * self.uniform();
        self.spare_normal = Some(r * libm::sin(theta));
        r * libm::cos(theta)
    }

    /// Gamma with shape `k` > 0 and scale 1 (Marsaglia and Tsang, 2000).
    pub fn gamma(&mut self, k: f64) -> f64 {
        if k < 1.0 {
            // Boost: Gamma(k) = Gamma(k + 1) * U^(1/k).
            let u = self.uniform_open0();
            return self.gamma(k + 1.0) * libm::pow(u, 1.0 / k);
        }
        let d = k - 1.0 / 3.0;
        let c = 1.0 / libm::sqrt(9.0 * d);
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.uniform_open0();
            if u < 1.0 - 0.0331 * x * x * x * x || libm::log(u) < 0.5 * x * x + d * (1.0 - v + libm::log(v)) {
                return d * v;
            }
        }
    }

    /// Index drawn from cumulative probabilities `cum` (last entry 1). Falls back to the last index.
    pub fn pick(&mut self, cum: &[f64]) -> usize {
        let u = self.uniform();
        cum.iter().position(|&c| u < c).unwrap_or(cum.len().saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let mut a = SimRng::new(7);
        let mut b = SimRng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(SimRng::new(7).next_u64(), SimRng::new(8).next_u64());
    }

    /// The generator is `rand_xoshiro`'s, seeding included, for seeds near and far apart.
    #[test]
    fn same_stream_as_rand_xoshiro() {
        use rand_core::{Rng, SeedableRng};
        for seed in [0, 1, 2, 7, 1 << 32, 0x9e37_79b9_7f4a_7c15, u64::MAX - 1, u64::MAX] {
            let mut ours = Xoshiro256PlusPlus::seed_from_u64(seed);
            let mut theirs = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
            for _ in 0..1000 {
                assert_eq!(ours.next_u64(), theirs.next_u64(), "seed {seed}");
            }
        }
    }

    /// The stream is pinned: if this changes, every seeded result in the project changes too.
    #[test]
    fn stream_is_pinned() {
        let mut r = SimRng::new(1);
        let first: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        assert_eq!(first, [14971601782005023387, 13781649495232077965, 1847458086238483744]);
        assert_eq!(SimRng::new(1).exp1().to_bits(), 4607618339998362480);
    }

    fn mean_var(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let m = xs.iter().sum::<f64>() / n;
        let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0);
        (m, v)
    }

    #[test]
    fn moments_match_theory() {
        let n = 200_000;
        let mut r = SimRng::new(3);
        // Standard errors: mean ~ sd / sqrt(n) = 0.0022 for sd 1; 5 sigma bounds.
        let xs: Vec<f64> = (0..n).map(|_| r.exp1()).collect();
        let (m, v) = mean_var(&xs);
        assert!((m - 1.0).abs() < 0.012 && (v - 1.0).abs() < 0.05, "exp {m} {v}");
        // The whole distribution, tail included: P(X > x) = exp(-x), within 5 binomial sigmas.
        for x in [0.01, 0.1, 0.5, 1.0, 2.0, 4.0, 7.0, 8.0, 10.0] {
            let p = libm::exp(-x);
            let seen = xs.iter().filter(|&&s| s > x).count() as f64 / f64::from(n);
            let sigma = (p * (1.0 - p) / f64::from(n)).sqrt();
            assert!((seen - p).abs() <= 5.0 * sigma + 1.0 / f64::from(n), "P(X > {x}) = {seen}, expected {p}");
        }
        let (m, v) = mean_var(&(0..n).map(|_| r.normal()).collect::<Vec<_>>());
        assert!(m.abs() < 0.012 && (v - 1.0).abs() < 0.02, "normal {m} {v}");
        for k in [0.5, 2.0, 9.0] {
            let (m, v) = mean_var(&(0..n).map(|_| r.gamma(k)).collect::<Vec<_>>());
            let sd = libm::sqrt(k);
            assert!((m - k).abs() < 5.0 * sd / libm::sqrt(f64::from(n)), "gamma({k}) mean {m}");
            assert!((v / k - 1.0).abs() < 0.05, "gamma({k}) var {v}");
        }
        let hits = (0..n).filter(|_| r.bernoulli(0.3)).count() as f64 / f64::from(n);
        assert!((hits - 0.3).abs() < 0.006);
        assert!((0..1000).all(|_| r.bernoulli(1.0)));
        assert!(!(0..1000).any(|_| r.bernoulli(0.0)));
    }
}
