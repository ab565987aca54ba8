//! Counting votes once per person without keeping who voted.
//!
//! A vote is stored under `BLAKE3-keyed(key, user id, question id)`: the same person voting again
//! on the same answer lands on the same row (so a second vote changes the first), while the
//! database holds no user id and cannot link one person's votes on two answers. The 32-byte key
//! is random, generated once when the database is created and kept in it; without the key the
//! hashes cannot be recomputed from a list of user ids.

use std::fmt;

/// The secret key of the vote hash. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct VoterKey([u8; 32]);

/// A voter on one answer, as stored: a keyed hash, not an id.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct VoterId(pub [u8; 32]);

impl VoterKey {
    /// A fresh random key from the operating system.
    pub fn generate() -> Result<VoterKey, getrandom::Error> {
        let mut key = [0u8; 32];
        getrandom::getrandom(&mut key)?;
        Ok(VoterKey(key))
    }

    /// The key from its stored bytes; `None` unless exactly 32 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Option<VoterKey> {
        Some(VoterKey(bytes.try_into().ok()?))
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Who voted on which answer, hashed.
    pub fn voter(&self, user_id: u64, question_id: u64) -> VoterId {
        let mut input = [0u8; 16];
        input[..8].copy_from_slice(&user_id.to_le_bytes());
        input[8..].copy_from_slice(&question_id.to_le_bytes());
        VoterId(*blake3::keyed_hash(&self.0, &input).as_bytes())
    }
}

impl fmt::Debug for VoterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VoterKey(<redacted>)")
    }
}

impl fmt::Debug for VoterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VoterId(")?;
        for b in &self.0[..4] {
            write!(f, "{b:02x}")?;
        }
        write!(f, "…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_person_same_answer_same_hash_and_nothing_else() {
        let k = VoterKey::generate().unwrap();
        assert_eq!(k.voter(7, 100), k.voter(7, 100));
        assert_ne!(k.voter(7, 100), k.voter(8, 100));
        assert_ne!(k.voter(7, 100), k.voter(7, 101));
        // Another key, other hashes: the key is what makes them unguessable.
        let other = VoterKey::generate().unwrap();
        assert_ne!(k, other);
        assert_ne!(k.voter(7, 100), other.voter(7, 100));
    }

    #[test]
    fn the_hash_does_not_contain_the_id() {
        let k = VoterKey::from_bytes(&[1; 32]).unwrap();
        let id: u64 = 1_234_567_890_123_456_789;
        let v = k.voter(id, 1);
        let le = id.to_le_bytes();
        assert!(!v.0.windows(8).any(|w| w == le));
        assert!(!format!("{v:?}").contains("1234567890"));
    }

    #[test]
    fn keys_are_32_bytes_and_never_printed() {
        assert!(VoterKey::from_bytes(&[0; 31]).is_none());
        assert!(VoterKey::from_bytes(&[0; 33]).is_none());
        let k = VoterKey::from_bytes(&[0xab; 32]).unwrap();
        assert_eq!(k.as_bytes(), &[0xab; 32]);
        assert_eq!(format!("{k:?}"), "VoterKey(<redacted>)");
    }
}
