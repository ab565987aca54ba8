//! Numbers and measures: a claimed amount against the evidence's amount of the same measure
//! ("30 mph" against "23 mph", "three to four hours" against "30 minutes to an hour", "a one-day
//! meeting" against "two-day"). Amounts are read by [`crate::analysis::numbers`]; an amount of
//! another measure elsewhere in the quote is never compared, so it can neither support nor
//! contradict.

use crate::analysis::numbers::Agreement;

use super::explain::Rule;
use super::{Cx, Finding};

pub(crate) fn check(cx: &Cx) -> Option<Finding> {
    for q in &cx.claim.quantities {
        let mut conflict = None;
        for (i, f) in cx.p.view.quantities(&cx.ci.units).enumerate() {
            match q.compare(&f) {
                // One agreeing amount of the measure is enough: the quote may give several.
                Agreement::Same | Agreement::Compatible => {
                    conflict = None;
                    break;
                }
                Agreement::Conflict => {
                    conflict.get_or_insert(i);
                }
                Agreement::Incomparable => {}
            }
        }
        if let Some(i) = conflict {
            return Some(Finding {
                rule: Rule::Number,
                reason: format!(
                    "The article gives \"{}\", not {}: {}",
                    cx.p.view.amounts[i].text(cx.fact),
                    q.display(),
                    cx.fact.answer
                ),
            });
        }
    }
    None
}
