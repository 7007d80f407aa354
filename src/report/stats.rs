//! Small statistics the report needs.

/// Median and 90th percentile (nearest rank) of day counts.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Durations {
    pub median_days: f64,
    pub p90_days: f64,
    pub samples: usize,
}

pub fn durations(mut days: Vec<f64>) -> Option<Durations> {
    if days.is_empty() {
        return None;
    }
    days.sort_by(f64::total_cmp);
    let n = days.len();
    let median = if n % 2 == 1 { days[n / 2] } else { (days[n / 2 - 1] + days[n / 2]) / 2.0 };
    let rank = ((0.9 * n as f64).ceil() as usize).clamp(1, n);
    Some(Durations { median_days: median, p90_days: days[rank - 1], samples: n })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_p90() {
        assert_eq!(durations(vec![]), None);
        let d = durations(vec![5.0, 1.0, 3.0]).unwrap();
        assert_eq!((d.median_days, d.p90_days, d.samples), (3.0, 5.0, 3));
        let d = durations((1..=10).map(f64::from).collect()).unwrap();
        assert_eq!((d.median_days, d.p90_days), (5.5, 9.0));
    }
}
