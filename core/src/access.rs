//! Permission decisions: given a user's grants and project memberships, whether an action on
//! a resource is allowed, and in which projects. Loading the grants is the extension's job.

use std::collections::HashMap;

pub const ACTIONS: [&str; 5] = ["CREATE", "READ", "UPDATE", "DELETE", "APPROVE"];

/// What a project member's access role lets their PROJECT-scope permissions do there.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Cap {
    Read,
    Edit,
    Manage,
}

impl Cap {
    pub fn allows(self, action: &str) -> bool {
        match self {
            Cap::Manage => true,
            Cap::Edit => action != "APPROVE",
            Cap::Read => action == "READ",
        }
    }
}

#[derive(Default, Debug)]
pub struct Grant {
    pub global: bool,
    pub project: bool,
    pub own: bool,
    // Projects where a project-scoped role grants the permission.
    pub in_projects: Vec<i64>,
}

#[derive(Default, Debug)]
pub struct Permissions {
    pub grants: HashMap<(String, String), Grant>,
    pub members: HashMap<i64, Cap>,
}

impl Permissions {
    pub fn grant(&self, resource: &str, action: &str) -> Option<&Grant> {
        self.grants.get(&(resource.to_owned(), action.to_owned()))
    }

    pub fn projects(&self, resource: &str, action: &str) -> Vec<i64> {
        let Some(g) = self.grant(resource, action) else {
            return Vec::new();
        };
        let mut out: Vec<i64> = g.in_projects.clone();
        if g.project {
            out.extend(
                self.members
                    .iter()
                    .filter(|(_, cap)| cap.allows(action))
                    .map(|(p, _)| *p),
            );
            // 0 stands for "no project": policies compare coalesce(project_id, 0).
            out.push(0);
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// project: None = the row belongs to no project; Some(p <= 0) = its project could not be
    /// determined (a parent the user cannot see), which only a GLOBAL grant passes.
    pub fn allowed(&self, resource: &str, action: &str, project: Option<i64>, own: bool) -> bool {
        let Some(g) = self.grant(resource, action) else {
            return false;
        };
        if g.global {
            return true;
        }
        match project {
            None => g.project || (own && g.own),
            Some(p) if p > 0 => {
                let member = self.members.get(&p);
                (g.project && member.is_some_and(|c| c.allows(action)))
                    || g.in_projects.contains(&p)
                    // Own rows may be worked on wherever they are (a task assigned to someone
                    // outside its project); creating one counts only where the user belongs,
                    // or SELF CREATE would open every project to a new row "of one's own".
                    || (own
                        && g.own
                        && (action != "CREATE" || member.is_some() || g.in_projects.contains(&p)))
            }
            Some(_) => false,
        }
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    fn perms(grants: Vec<((&str, &str), Grant)>, members: Vec<(i64, Cap)>) -> Permissions {
        Permissions {
            grants: grants
                .into_iter()
                .map(|((r, a), g)| ((r.to_owned(), a.to_owned()), g))
                .collect(),
            members: members.into_iter().collect(),
        }
    }

    #[test]
    fn project_scope_follows_membership_and_access_role() {
        let p = perms(
            vec![
                (
                    ("TASK", "UPDATE"),
                    Grant {
                        project: true,
                        ..Default::default()
                    },
                ),
                (
                    ("TASK", "READ"),
                    Grant {
                        project: true,
                        ..Default::default()
                    },
                ),
            ],
            vec![(1, Cap::Edit), (2, Cap::Read)],
        );
        assert!(p.allowed("TASK", "UPDATE", Some(1), false));
        assert!(!p.allowed("TASK", "UPDATE", Some(2), false));
        assert!(p.allowed("TASK", "READ", Some(2), false));
        assert!(!p.allowed("TASK", "READ", Some(3), false));
        assert!(p.allowed("TASK", "UPDATE", None, false));
        assert!(!p.allowed("TASK", "UPDATE", Some(-1), false));
        assert_eq!(p.projects("TASK", "READ"), vec![0, 1, 2]);
        assert_eq!(p.projects("TASK", "UPDATE"), vec![0, 1]);
    }

    #[test]
    fn self_scope_needs_own_row_and_for_creation_membership() {
        let own = || Grant {
            own: true,
            ..Default::default()
        };
        let p = perms(
            vec![(("TASK", "DELETE"), own()), (("TASK", "CREATE"), own())],
            vec![(1, Cap::Read)],
        );
        assert!(p.allowed("TASK", "DELETE", None, true));
        assert!(!p.allowed("TASK", "DELETE", None, false));
        assert!(p.allowed("TASK", "DELETE", Some(1), true));
        assert!(p.allowed("TASK", "DELETE", Some(2), true));
        assert!(p.allowed("TASK", "CREATE", Some(1), true));
        assert!(!p.allowed("TASK", "CREATE", Some(2), true));
    }

    #[test]
    fn global_and_project_roles() {
        let p = perms(
            vec![
                (
                    ("DOCUMENT", "READ"),
                    Grant {
                        global: true,
                        ..Default::default()
                    },
                ),
                (
                    ("DOCUMENT", "APPROVE"),
                    Grant {
                        in_projects: vec![7],
                        ..Default::default()
                    },
                ),
            ],
            vec![],
        );
        assert!(p.allowed("DOCUMENT", "READ", Some(-1), false));
        assert!(p.allowed("DOCUMENT", "APPROVE", Some(7), false));
        assert!(!p.allowed("DOCUMENT", "APPROVE", Some(8), false));
        assert!(!p.allowed("DOCUMENT", "APPROVE", None, false));
        assert!(!p.allowed("CLIENT", "READ", None, false));
    }
}
