//! Who is a moderator: checked on the server from the interaction's member, never trusted to the
//! client-side `default_member_permissions` alone.

use serenity::all::{Member, Permissions, RoleId};

/// A member with Manage Messages (or Administrator, which implies it) in the channel, or with one
/// of `moderator_roles`. No member (a DM) means no moderator.
pub fn is_moderator(member: Option<&Member>, moderator_roles: &[u64]) -> bool {
    let Some(member) = member else {
        return false;
    };
    let by_permission = member
        .permissions
        .is_some_and(|p| p.intersects(Permissions::MANAGE_MESSAGES | Permissions::ADMINISTRATOR));
    by_permission || has_role(&member.roles, moderator_roles)
}

fn has_role(roles: &[RoleId], moderator_roles: &[u64]) -> bool {
    roles.iter().any(|r| moderator_roles.contains(&r.get()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn member(permissions: Option<&str>, roles: &[&str]) -> Member {
        let mut v = json!({
            "user": {"id": "7", "username": "u", "discriminator": "0", "global_name": null, "avatar": null},
            "roles": roles,
            "joined_at": "2024-05-30T00:00:00+00:00",
            "deaf": false,
            "mute": false,
            "flags": 0,
            "guild_id": "1",
        });
        if let Some(p) = permissions {
            v["permissions"] = json!(p);
        }
        serde_json::from_value(v).expect("member json")
    }

    #[test]
    fn manage_messages_or_admin_makes_a_moderator() {
        assert!(is_moderator(Some(&member(Some("8192"), &[])), &[]));
        assert!(is_moderator(Some(&member(Some("8"), &[])), &[]));
        assert!(is_moderator(
            Some(&member(Some(&(8192u64 | 2048).to_string()), &[])),
            &[]
        ));
    }

    #[test]
    fn a_moderator_role_makes_a_moderator() {
        assert!(is_moderator(
            Some(&member(Some("2048"), &["55", "66"])),
            &[66]
        ));
        assert!(!is_moderator(Some(&member(Some("2048"), &["55"])), &[66]));
    }

    #[test]
    fn others_are_not() {
        assert!(!is_moderator(None, &[66]));
        assert!(!is_moderator(Some(&member(Some("0"), &[])), &[]));
        assert!(!is_moderator(Some(&member(None, &["66"])), &[]));
        // View Channels + Send Messages + Embed Links + Read Message History (84992) is not enough.
        assert!(!is_moderator(Some(&member(Some("84992"), &[])), &[]));
    }
}
