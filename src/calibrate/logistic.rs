//! Weighted logistic regression with an L2 penalty, fitted by Newton's method (iteratively
//! reweighted least squares). Small, exact and deterministic: the same samples always give the
//! same weights, which is what a confidence fitted at every load needs.

/// One training example: features (already standardised), label, weight.
pub struct Sample<const N: usize> {
    pub x: [f64; N],
    pub y: bool,
    pub weight: f64,
}

/// Fits weights and a bias.
#[allow(clippy::needless_range_loop)]
// indices keep the matrix algebra readable `l2` penalises the weights (not the bias) so that a feature that
/// never varies, or separates the data perfectly, gets a finite weight.
pub fn fit<const N: usize>(samples: &[Sample<N>], l2: f64, iterations: usize) -> ([f64; N], f64) {
    let d = N + 1;
    let mut w = vec![0.0; d]; // w[N] is the bias
    for _ in 0..iterations {
        let mut grad = vec![0.0; d];
        let mut hess = vec![vec![0.0; d]; d];
        for s in samples {
            let z: f64 = (0..N).map(|i| w[i] * s.x[i]).sum::<f64>() + w[N];
            let p = 1.0 / (1.0 + (-z).exp());
            let y = if s.y { 1.0 } else { 0.0 };
            let r = s.weight * (p - y);
            let h = s.weight * (p * (1.0 - p)).max(1e-9);
            for i in 0..d {
                let xi = if i == N { 1.0 } else { s.x[i] };
                grad[i] += r * xi;
                for j in 0..=i {
                    let xj = if j == N { 1.0 } else { s.x[j] };
                    hess[i][j] += h * xi * xj;
                }
            }
        }
        for i in 0..d {
            for j in 0..i {
                hess[j][i] = hess[i][j];
            }
            if i < N {
                grad[i] += l2 * w[i];
                hess[i][i] += l2;
            }
        }
        let Some(step) = solve(hess, grad) else {
            break;
        };
        let mut moved = 0.0f64;
        for i in 0..d {
            w[i] -= step[i];
            moved = moved.max(step[i].abs());
        }
        if moved < 1e-9 {
            break;
        }
    }
    let mut weights = [0.0; N];
    weights.copy_from_slice(&w[..N]);
    (weights, w[N])
}

#[allow(clippy::needless_range_loop)]
/// Solves `a x = b` by Gaussian elimination with partial pivoting; `None` if singular.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..n {
            let f = a[row][col] / a[col][col];
            if f != 0.0 {
                for k in col..n {
                    a[row][k] -= f * a[col][k];
                }
                b[row] -= f * b[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separating_direction_deterministically() {
        // y is true when x0 > x1.
        let mut samples = Vec::new();
        for i in 0..40 {
            let a = (i % 7) as f64 / 7.0 - 0.5;
            let b = (i % 5) as f64 / 5.0 - 0.5;
            samples.push(Sample {
                x: [a, b],
                y: a > b,
                weight: 1.0,
            });
        }
        let (w, _) = fit(&samples, 0.1, 50);
        assert!(w[0] > 0.0 && w[1] < 0.0, "{w:?}");
        let again = fit(&samples, 0.1, 50);
        assert_eq!((w, again.1), (again.0, again.1));
    }

    #[test]
    fn a_constant_feature_gets_no_weight_and_nothing_breaks() {
        let samples: Vec<Sample<2>> = (0..10)
            .map(|i| Sample {
                x: [0.0, i as f64],
                y: i >= 5,
                weight: 1.0,
            })
            .collect();
        let (w, b) = fit(&samples, 1.0, 50);
        assert!(
            w[0].abs() < 1e-9 && w[1] > 0.0 && b.is_finite(),
            "{w:?} {b}"
        );
        // No samples at all: zero weights.
        let (w, b) = fit::<2>(&[], 1.0, 50);
        assert_eq!((w, b), ([0.0, 0.0], 0.0));
    }
}
