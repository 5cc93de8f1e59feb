//! Who is making a change, as recorded in history.

use nix::unistd::{User, getuid};

/// The Unix user name for the real uid, or "uid N" when the account has no name (a container
/// running with an arbitrary uid, say).
pub fn current_user() -> String {
    let uid = getuid();
    match User::from_uid(uid) {
        Ok(Some(user)) => user.name,
        _ => format!("uid {uid}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_someone() {
        let user = current_user();
        assert!(!user.is_empty());
        assert!(!user.contains('\n'));
    }
}
