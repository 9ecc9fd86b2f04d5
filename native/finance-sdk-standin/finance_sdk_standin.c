/*
 * Stand-in for WeCom's libWeWorkFinanceSdk_C.so (会话内容存档 SDK, header version 200215).
 *
 * Exports the same functions with the same C signatures as WeWorkFinanceSdk_C.h so
 * the production koffi binding can be exercised without the proprietary library.
 * It is a test double, not an implementation of WeCom's protocol:
 *
 * - Data: GetChatData serves the records of a data file, one per line:
 *     <seq>\t<chatdata JSON object>\n
 *   (the object is {"seq","msgid","publickey_ver","encrypt_random_key","encrypt_chat_msg"},
 *   written by the test with a REAL RSA-encrypted random key). The file is named by
 *   standin_load_data(path) or, at Init, by the environment variable FINANCE_STANDIN_DATA.
 *   Records with seq > the requested seq are returned, at most `limit` of them.
 * - Cipher of encrypt_chat_msg (documented, deliberately simple):
 *     encrypt_chat_msg = base64( plaintext[i] XOR random_key[i % strlen(random_key)] )
 *   DecryptData reverses it; a plaintext that does not start with '{' is 10006.
 * - Errors on request:
 *     Init secret "fail-init:<code>"  -> Init returns <code>
 *     Init secret "fail-get:<code>"   -> every GetChatData returns <code>
 *     DecryptData key "fail:<code>"   -> DecryptData returns <code>
 *     limit > 1000, NULL sdk/slice, Init not called -> 10000 (参数错误)
 * - Accounting: standin_live_slices() = NewSlice calls minus FreeSlice calls,
 *   standin_live_sdks() = NewSdk minus DestroySdk, so a test can assert nothing leaked.
 *
 * Build: cc -shared -fPIC -O2 -o libWeWorkFinanceSdk_C.so finance_sdk_standin.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Slice_t { char *buf; int len; } Slice_t;

typedef struct WeWorkFinanceSdk_t {
  int initialized;
  int fail_get;
} WeWorkFinanceSdk_t;

typedef struct Record { unsigned long long seq; char *json; } Record;

static Record *g_records = NULL;
static size_t g_count = 0;
static long g_live_slices = 0;
static long g_live_sdks = 0;

static void free_records(void) {
  for (size_t i = 0; i < g_count; i++) free(g_records[i].json);
  free(g_records);
  g_records = NULL;
  g_count = 0;
}

/* Loads the data file; returns 0 or -1 when it cannot be read. */
int standin_load_data(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  free_records();
  size_t cap = 64;
  g_records = calloc(cap, sizeof(Record));
  char *line = NULL;
  size_t n = 0;
  ssize_t got;
  while ((got = getline(&line, &n, f)) > 0) {
    while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r')) line[--got] = '\0';
    char *tab = strchr(line, '\t');
    if (!tab) continue;
    *tab = '\0';
    if (g_count == cap) {
      cap *= 2;
      g_records = realloc(g_records, cap * sizeof(Record));
    }
    g_records[g_count].seq = strtoull(line, NULL, 10);
    g_records[g_count].json = strdup(tab + 1);
    g_count++;
  }
  free(line);
  fclose(f);
  return 0;
}

long standin_live_slices(void) { return g_live_slices; }
long standin_live_sdks(void) { return g_live_sdks; }

static int code_after(const char *s, const char *prefix) {
  size_t len = strlen(prefix);
  if (s && strncmp(s, prefix, len) == 0) return atoi(s + len);
  return 0;
}

WeWorkFinanceSdk_t *NewSdk(void) {
  WeWorkFinanceSdk_t *sdk = calloc(1, sizeof(WeWorkFinanceSdk_t));
  if (sdk) g_live_sdks++;
  return sdk;
}

int Init(WeWorkFinanceSdk_t *sdk, const char *corpid, const char *secret) {
  if (!sdk || !corpid || !secret || !*corpid || !*secret) return 10000;
  int fail = code_after(secret, "fail-init:");
  if (fail) return fail;
  sdk->fail_get = code_after(secret, "fail-get:");
  const char *path = getenv("FINANCE_STANDIN_DATA");
  if (path && *path && standin_load_data(path) != 0) return 10003;
  sdk->initialized = 1;
  return 0;
}

void DestroySdk(WeWorkFinanceSdk_t *sdk) {
  if (!sdk) return;
  free(sdk);
  g_live_sdks--;
}

Slice_t *NewSlice(void) {
  Slice_t *s = calloc(1, sizeof(Slice_t));
  if (s) g_live_slices++;
  return s;
}

void FreeSlice(Slice_t *slice) {
  if (!slice) return;
  free(slice->buf);
  free(slice);
  g_live_slices--;
}

char *GetContentFromSlice(Slice_t *slice) { return slice ? slice->buf : NULL; }
int GetSliceLen(Slice_t *slice) { return slice ? slice->len : 0; }

static void slice_set(Slice_t *slice, char *buf, size_t len) {
  free(slice->buf);
  slice->buf = buf;
  slice->len = (int)len;
}

int GetChatData(WeWorkFinanceSdk_t *sdk, unsigned long long seq, unsigned int limit,
                const char *proxy, const char *passwd, int timeout, Slice_t *chatDatas) {
  (void)proxy; (void)passwd; (void)timeout;
  if (!sdk || !chatDatas || !sdk->initialized || limit > 1000) return 10000;
  if (sdk->fail_get) return sdk->fail_get;
  size_t cap = 64, len = 0;
  unsigned int served = 0;
  for (size_t i = 0; i < g_count; i++) {
    if (g_records[i].seq > seq && served < limit) { cap += strlen(g_records[i].json) + 1; served++; }
  }
  char *out = malloc(cap);
  if (!out) return 10003;
  len += (size_t)sprintf(out, "{\"errcode\":0,\"errmsg\":\"ok\",\"chatdata\":[");
  served = 0;
  for (size_t i = 0; i < g_count && served < limit; i++) {
    if (g_records[i].seq <= seq) continue;
    if (served > 0) out[len++] = ',';
    size_t l = strlen(g_records[i].json);
    memcpy(out + len, g_records[i].json, l);
    len += l;
    served++;
  }
  out[len++] = ']';
  out[len++] = '}';
  out[len] = '\0';
  slice_set(chatDatas, out, len);
  return 0;
}

static int b64val(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

int DecryptData(const char *encrypt_key, const char *encrypt_msg, Slice_t *msg) {
  if (!encrypt_key || !encrypt_msg || !msg || !*encrypt_key) return 10000;
  int fail = code_after(encrypt_key, "fail:");
  if (fail) return fail;
  size_t in_len = strlen(encrypt_msg);
  unsigned char *out = malloc(in_len / 4 * 3 + 4);
  if (!out) return 10003;
  size_t len = 0;
  unsigned int acc = 0;
  int bits = 0;
  for (size_t i = 0; i < in_len; i++) {
    char c = encrypt_msg[i];
    if (c == '=') break;
    int v = b64val(c);
    if (v < 0) { free(out); return 10002; }
    acc = (acc << 6) | (unsigned int)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[len++] = (unsigned char)((acc >> bits) & 0xFF);
    }
  }
  size_t key_len = strlen(encrypt_key);
  for (size_t i = 0; i < len; i++) out[i] ^= (unsigned char)encrypt_key[i % key_len];
  out[len] = '\0';
  if (len == 0 || out[0] != '{') { free(out); return 10006; }
  slice_set(msg, (char *)out, len);
  return 0;
}
