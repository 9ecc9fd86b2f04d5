/**
 * The documented symmetric cipher of the stand-in SDK and the simulator
 * (WeCom's real DecryptData algorithm is undocumented, wecom-api.md §10.3):
 *   encrypt_chat_msg = base64( plaintext[i] XOR random_key[i mod len(random_key)] )
 * native/finance-sdk-standin/finance_sdk_standin.c implements the same DecryptData.
 */
export function standinEncrypt(randomKey: string, plaintext: string): string {
  return xor(Buffer.from(plaintext, 'utf8'), Buffer.from(randomKey, 'utf8')).toString('base64');
}

/** Inverse of standinEncrypt (the simulator source's DecryptData). */
export function standinDecrypt(randomKey: string, encryptChatMsg: string): string {
  return xor(Buffer.from(encryptChatMsg, 'base64'), Buffer.from(randomKey, 'utf8')).toString('utf8');
}

function xor(data: Buffer, key: Buffer): Buffer {
  if (key.length === 0) throw new Error('empty random key');
  const out = Buffer.allocUnsafe(data.length);
  for (let i = 0; i < data.length; i++) out[i] = (data[i] ?? 0) ^ (key[i % key.length] ?? 0);
  return out;
}
