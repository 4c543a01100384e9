//! When two states are the same, for the components that compare the state they are given on
//! every render.

use std::rc::Rc;

use super::{State, WhatIf};

/// Two states are equal when they are the same state: the document, its checks, the report and
/// the other shared parts compare by identity (every change makes a new one), the rest by value.
/// Components compare the state they are given on every render; a deep comparison would walk the
/// whole scenario and report each time.
impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        fn same<T: ?Sized>(a: Option<&Rc<T>>, b: Option<&Rc<T>>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
        }
        let same_what_if = |a: &Option<(WhatIf, u64)>, b: &Option<(WhatIf, u64)>| match (a, b) {
            (Some((a, r)), Some((b, s))) => {
                r == s
                    && match (a, b) {
                        (WhatIf::Sweep(a), WhatIf::Sweep(b)) => Rc::ptr_eq(a, b),
                        (WhatIf::Staffing(a, t), WhatIf::Staffing(b, u)) => Rc::ptr_eq(a, b) && t == u,
                        (WhatIf::Refused(a), WhatIf::Refused(b)) => a == b,
                        _ => false,
                    }
            }
            (a, b) => a.is_none() && b.is_none(),
        };
        // Naming every field makes a new one a compile error here until it is compared.
        let State {
            doc,
            checked,
            revision,
            run,
            report,
            report_revision,
            last_run,
            narrowing,
            live,
            notice,
            preset,
            baseline,
            comparison,
            tool,
            what_if,
            replaced,
            replaced_step,
            history,
            interrupted,
            next_id,
            running_revision,
        } = self;
        Rc::ptr_eq(doc, &other.doc)
            && Rc::ptr_eq(checked, &other.checked)
            && *revision == other.revision
            && *run == other.run
            && same(report.as_ref(), other.report.as_ref())
            && *report_revision == other.report_revision
            && *last_run == other.last_run
            && same(narrowing.as_ref(), other.narrowing.as_ref())
            && *live == other.live
            && *notice == other.notice
            && *preset == other.preset
            && same(baseline.as_ref(), other.baseline.as_ref())
            && same(comparison.as_ref().map(|c| &c.0), other.comparison.as_ref().map(|c| &c.0))
            && comparison.as_ref().map(|c| c.1) == other.comparison.as_ref().map(|c| c.1)
            && *tool == other.tool
            && same_what_if(what_if, &other.what_if)
            && same(replaced.as_ref(), other.replaced.as_ref())
            && *replaced_step == other.replaced_step
            && Rc::ptr_eq(history, &other.history)
            && *interrupted == other.interrupted
            && *next_id == other.next_id
            && *running_revision == other.running_revision
    }
}
