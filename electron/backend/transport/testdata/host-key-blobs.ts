// Host keys for the tests of host-key checks: a real ed25519 key as sshd
// sends it, another one, and a key of another type (the checks read only a
// key's type and hash it).
export const ED25519_KEY_B64 = 'AAAAC3NzaC1lZDI1NTE5AAAAIJ1BqCvWCaxoqmTPYyDeu6Jb14dzsa1RjMtxk3Fow7JD';
export const ED25519_KEY = Buffer.from(ED25519_KEY_B64, 'base64');
export const OTHER_ED25519_KEY = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIBnB0t2OgkOVaVK3rJq4zRQG3TbQb4cVnPDWW0AHZ0LL', 'base64');

/** A wire-format blob of the given type: its length-prefixed name, then the payload. */
function keyBlob(type: string, payload: string): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, Buffer.from(payload)]);
}

export const RSA_KEY = keyBlob('ssh-rsa', 'rsa-public-key');
