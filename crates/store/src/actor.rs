//! [`Actor`]: who is asking, as a capability.
//!
//! Every store method that touches a person's data takes an `Actor`, and
//! only the store makes one: from a sign-in ([`crate::Store::user_by_username`]
//! after the password is checked, [`crate::Store::session`]) or an API token
//! ([`crate::Store::api_token_actor`]). Its fields are private, so a request
//! handler cannot fill one in from what a request says. The access rules
//! read the plain [`Principal`] inside it (`tilbake_domain::access::policy`).

use std::ops::Deref;

use tilbake_domain::access::{Principal, Role};

/// A signed-in user or a system client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    principal: Principal,
}

impl Actor {
    /// Made by the store's look-ups only.
    pub(crate) fn new(principal: Principal) -> Actor {
        Actor { principal }
    }

    /// The operator of the command line (`tilbake import`, `bench`, …):
    /// a system client acting with the database's own authority, which
    /// whoever runs the binary against the database already has. Requests
    /// never get one: `clippy.toml` bans this outside the commands, which
    /// allow it where they call it.
    pub fn command_line(name: &str) -> Actor {
        Actor::new(Principal {
            // System clients are not users; 0 is no user's id.
            user_id: 0,
            username: name.to_owned(),
            role: Role::System,
            unit: None,
            employer: None,
            person: None,
            gp_id: None,
            protected_address_access: false,
        })
    }

    pub fn principal(&self) -> &Principal {
        &self.principal
    }
}

/// Reading an actor's role and ties is free; making one is not.
impl Deref for Actor {
    type Target = Principal;

    fn deref(&self) -> &Principal {
        &self.principal
    }
}
