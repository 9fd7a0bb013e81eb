/* Helpers: UTF-16, SIDs, SHA-256, handle/allocation tracking, stats, log. */
#define _GNU_SOURCE
#include "winemu.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <unistd.h>

/* ---------------- UTF-16 ---------------- */

char *u16_to_utf8(const WCHAR *s, size_t n)
{
    char *out = malloc(n * 3 + 1);
    size_t o = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = s[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
            i++;
        }
        if (c < 0x80) {
            out[o++] = (char)c;
        } else if (c < 0x800) {
            out[o++] = (char)(0xC0 | (c >> 6));
            out[o++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out[o++] = (char)(0xE0 | (c >> 12));
            out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (c & 0x3F));
        } else {
            out[o++] = (char)(0xF0 | (c >> 18));
            out[o++] = (char)(0x80 | ((c >> 12) & 0x3F));
            out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[o] = 0;
    return out;
}

char *u16z_to_utf8(const WCHAR *s)
{
    size_t n = 0;
    if (!s)
        return NULL;
    while (s[n])
        n++;
    return u16_to_utf8(s, n);
}

size_t utf8_to_u16(const char *s, WCHAR *out, size_t cap)
{
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c;
        if (*p < 0x80) {
            c = *p++;
        } else if ((*p & 0xE0) == 0xC0 && p[1]) {
            c = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
            p += 2;
        } else if ((*p & 0xF0) == 0xE0 && p[1] && p[2]) {
            c = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
            p += 3;
        } else if ((*p & 0xF8) == 0xF0 && p[1] && p[2] && p[3]) {
            c = ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
                ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
            p += 4;
        } else {
            c = 0xFFFD;
            p++;
        }
        if (c >= 0x10000) {
            c -= 0x10000;
            if (out && o < cap)
                out[o] = (WCHAR)(0xD800 + (c >> 10));
            o++;
            if (out && o < cap)
                out[o] = (WCHAR)(0xDC00 + (c & 0x3FF));
            o++;
        } else {
            if (out && o < cap)
                out[o] = (WCHAR)c;
            o++;
        }
    }
    return o;
}

int str_ieq(const char *a, const char *b)
{
    return a && b && strcasecmp(a, b) == 0;
}

/* ---------------- SIDs ---------------- */

int sid_is_valid(const void *sid)
{
    const uint8_t *p = sid;
    return p && p[0] == 1 && p[1] <= 15;
}

size_t sid_len(const void *sid)
{
    return 8 + 4u * ((const uint8_t *)sid)[1];
}

int sid_to_string(const void *sid, char *out, size_t cap)
{
    const uint8_t *p = sid;
    uint64_t ia = 0;
    size_t o;
    if (!sid_is_valid(sid))
        return -1;
    for (int i = 0; i < 6; i++)
        ia = (ia << 8) | p[2 + i];
    if (ia < (1ULL << 32))
        o = (size_t)snprintf(out, cap, "S-1-%llu", (unsigned long long)ia);
    else
        o = (size_t)snprintf(out, cap, "S-1-0x%012llX", (unsigned long long)ia);
    for (int i = 0; i < p[1] && o < cap; i++) {
        uint32_t v;
        memcpy(&v, p + 8 + 4 * i, 4);
        o += (size_t)snprintf(out + o, cap - o, "-%u", v);
    }
    return o < cap ? 0 : -1;
}

int sid_from_string(const char *s, uint8_t *out)
{
    uint64_t ia;
    char *end;
    int n = 0;
    if (!s || (s[0] != 'S' && s[0] != 's') || s[1] != '-' || s[2] != '1' || s[3] != '-')
        return -1;
    s += 4;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        ia = strtoull(s + 2, &end, 16);
    else
        ia = strtoull(s, &end, 10);
    if (end == s || ia >= (1ULL << 48))
        return -1;
    out[0] = 1;
    for (int i = 0; i < 6; i++)
        out[2 + i] = (uint8_t)(ia >> (8 * (5 - i)));
    s = end;
    while (*s == '-') {
        unsigned long long v;
        s++;
        if (*s < '0' || *s > '9')
            return -1;
        v = strtoull(s, &end, 10);
        if (v > 0xFFFFFFFFULL || n >= 15)
            return -1;
        uint32_t v32 = (uint32_t)v;
        memcpy(out + 8 + 4 * n, &v32, 4);
        n++;
        s = end;
    }
    if (*s)
        return -1;
    out[1] = (uint8_t)n;
    return 8 + 4 * n;
}

/* ---------------- SHA-256 (FIPS 180-4) ---------------- */

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t h[8], const uint8_t *b)
{
    uint32_t w[64], a, bb, c, d, e, f, g, hh;
    for (int i = 0; i < 16; i++)
        w[i] = ((uint32_t)b[4 * i] << 24) | ((uint32_t)b[4 * i + 1] << 16) | ((uint32_t)b[4 * i + 2] << 8) | b[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = h[0]; bb = h[1]; c = h[2]; d = h[3]; e = h[4]; f = h[5]; g = h[6]; hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t S1 = ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = hh + S1 + ch + K256[i] + w[i];
        uint32_t S0 = ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22);
        uint32_t mj = (a & bb) ^ (a & c) ^ (bb & c);
        uint32_t t2 = S0 + mj;
        hh = g; g = f; f = e; e = d + t1; d = c; c = bb; bb = a; a = t1 + t2;
    }
    h[0] += a; h[1] += bb; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

/* SHA-1 (FIPS 180-4), own implementation: Windows derives service and application-pool SIDs from it. */
#define ROL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))

static void sha1_block(uint32_t h[5], const uint8_t *b)
{
    uint32_t w[80], a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 16; i++)
        w[i] = ((uint32_t)b[4 * i] << 24) | ((uint32_t)b[4 * i + 1] << 16) | ((uint32_t)b[4 * i + 2] << 8) | b[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = ROL(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20)
            f = (bb & c) | (~bb & d), k = 0x5A827999;
        else if (i < 40)
            f = bb ^ c ^ d, k = 0x6ED9EBA1;
        else if (i < 60)
            f = (bb & c) | (bb & d) | (c & d), k = 0x8F1BBCDC;
        else
            f = bb ^ c ^ d, k = 0xCA62C1D6;
        uint32_t t = ROL(a, 5) + f + e + k + w[i];
        e = d; d = c; c = ROL(bb, 30); bb = a; a = t;
    }
    h[0] += a; h[1] += bb; h[2] += c; h[3] += d; h[4] += e;
}

void sha1(const uint8_t *data, size_t len, uint8_t out[20])
{
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    uint8_t blk[64];
    size_t i = 0;
    for (; i + 64 <= len; i += 64)
        sha1_block(h, data + i);
    size_t rem = len - i;
    memset(blk, 0, 64);
    memcpy(blk, data + i, rem);
    blk[rem] = 0x80;
    if (rem >= 56) {
        sha1_block(h, blk);
        memset(blk, 0, 64);
    }
    uint64_t bits = (uint64_t)len * 8;
    for (int k = 0; k < 8; k++)
        blk[63 - k] = (uint8_t)(bits >> (8 * k));
    sha1_block(h, blk);
    for (int k = 0; k < 5; k++) {
        out[4 * k] = (uint8_t)(h[k] >> 24);
        out[4 * k + 1] = (uint8_t)(h[k] >> 16);
        out[4 * k + 2] = (uint8_t)(h[k] >> 8);
        out[4 * k + 3] = (uint8_t)h[k];
    }
}

/* S-1-5-<base>-<five little-endian DWORDs of SHA-1(UTF-16LE(name))>; the name is upper-cased for NT SERVICE (80)
 * and lower-cased for IIS APPPOOL (82); ASCII case mapping only (README, token model). */
int virtual_account_sid(int base, const char *name, char *out, size_t cap)
{
    size_t n = utf8_to_u16(name, NULL, 0);
    WCHAR *u = calloc(n + 1, sizeof(WCHAR));
    uint8_t *bytes = calloc(n + 1, 2), d[20];
    if (!u || !bytes) {
        free(u);
        free(bytes);
        return -1;
    }
    utf8_to_u16(name, u, n + 1);
    for (size_t i = 0; i < n; i++) {
        WCHAR c = u[i];
        if (base == 80 && c >= 'a' && c <= 'z')
            c = (WCHAR)(c - 32);
        if (base == 82 && c >= 'A' && c <= 'Z')
            c = (WCHAR)(c + 32);
        bytes[2 * i] = (uint8_t)(c & 0xFF);
        bytes[2 * i + 1] = (uint8_t)(c >> 8);
    }
    sha1(bytes, 2 * n, d);
    free(u);
    free(bytes);
    uint32_t v[5];
    for (int k = 0; k < 5; k++)
        v[k] = (uint32_t)d[4 * k] | ((uint32_t)d[4 * k + 1] << 8) | ((uint32_t)d[4 * k + 2] << 16) | ((uint32_t)d[4 * k + 3] << 24);
    snprintf(out, cap, "S-1-5-%d-%u-%u-%u-%u-%u", base, v[0], v[1], v[2], v[3], v[4]);
    return 0;
}

void sha256(const uint8_t *data, size_t len, uint8_t out[32])
{
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    uint8_t blk[64];
    size_t i = 0;
    for (; i + 64 <= len; i += 64)
        sha256_block(h, data + i);
    size_t rem = len - i;
    memset(blk, 0, 64);
    memcpy(blk, data + i, rem);
    blk[rem] = 0x80;
    if (rem >= 56) {
        sha256_block(h, blk);
        memset(blk, 0, 64);
    }
    uint64_t bits = (uint64_t)len * 8;
    for (int k = 0; k < 8; k++)
        blk[63 - k] = (uint8_t)(bits >> (8 * k));
    sha256_block(h, blk);
    for (int k = 0; k < 8; k++) {
        out[4 * k] = (uint8_t)(h[k] >> 24);
        out[4 * k + 1] = (uint8_t)(h[k] >> 16);
        out[4 * k + 2] = (uint8_t)(h[k] >> 8);
        out[4 * k + 3] = (uint8_t)h[k];
    }
}

static void hex(const uint8_t *b, size_t n, char *out)
{
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = d[b[i] >> 4];
        out[2 * i + 1] = d[b[i] & 15];
    }
    out[2 * n] = 0;
}

/* Iterated salted SHA-256: H0 = SHA256(salt || pw), Hi = SHA256(Hi-1 || salt || pw). */
static void pw_digest(const uint8_t salt[16], const char *pw, uint8_t out[32])
{
    size_t pl = strlen(pw);
    size_t cap = 32 + 16 + pl;
    uint8_t *buf = malloc(cap);
    if (!buf) {
        memset(out, 0, 32);
        return;
    }
    memcpy(buf, salt, 16);
    memcpy(buf + 16, pw, pl);
    sha256(buf, 16 + pl, out);
    for (int i = 0; i < 1000; i++) {
        memcpy(buf, out, 32);
        memcpy(buf + 32, salt, 16);
        memcpy(buf + 48, pw, pl);
        sha256(buf, cap, out);
    }
    memset(buf, 0, cap);
    free(buf);
}

char *password_hash(const char *pw)
{
    uint8_t salt[16], d[32];
    char sh[33], dh[65];
    char *out = malloc(7 + 1 + 32 + 1 + 64 + 1);
    if (!out)
        return NULL;
    if (getrandom(salt, sizeof salt, 0) != (ssize_t)sizeof salt) {
        for (size_t i = 0; i < sizeof salt; i++)
            salt[i] = (uint8_t)(rand() ^ getpid());
    }
    pw_digest(salt, pw, d);
    hex(salt, 16, sh);
    hex(d, 32, dh);
    sprintf(out, "sha256i$%s$%s", sh, dh);
    return out;
}

int password_verify(const char *stored, const char *pw)
{
    uint8_t salt[16], d[32];
    char dh[65];
    if (!stored || strncmp(stored, "sha256i$", 8) != 0 || strlen(stored) != 8 + 32 + 1 + 64)
        return 0;
    for (int i = 0; i < 16; i++) {
        unsigned v;
        if (sscanf(stored + 8 + 2 * i, "%2x", &v) != 1)
            return 0;
        salt[i] = (uint8_t)v;
    }
    pw_digest(salt, pw, d);
    hex(d, 32, dh);
    return strcmp(dh, stored + 8 + 33) == 0;
}

/* ---------------- process mutex ---------------- */

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
void emu_lock(void) { pthread_mutex_lock(&g_mu); }
void emu_unlock(void) { pthread_mutex_unlock(&g_mu); }

/* ---------------- handles ---------------- */

static hentry *g_handles;
static uintptr_t g_next_handle = 0x4E0000;

HANDLE handle_new(int kind)
{
    hentry *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    g_next_handle += 0x10; /* never reused, so closed handles stay detectable */
    e->value = g_next_handle;
    e->kind = kind;
    e->next = g_handles;
    g_handles = e;
    return (HANDLE)e->value;
}

hentry *handle_get(HANDLE h, int kind)
{
    for (hentry *e = g_handles; e; e = e->next)
        if (e->value == (uintptr_t)h)
            return (kind == H_NONE || e->kind == kind) ? e : NULL;
    return NULL;
}

void handle_close(hentry *e)
{
    for (hentry **pp = &g_handles; *pp; pp = &(*pp)->next) {
        if (*pp == e) {
            *pp = e->next;
            free_strv(e->sids, e->nsids);
            free(e);
            return;
        }
    }
}

int handle_count(int kind)
{
    int n = 0;
    for (hentry *e = g_handles; e; e = e->next)
        n += e->kind == kind;
    return n;
}

void free_strv(char **v, int n)
{
    if (!v)
        return;
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* ---------------- allocations ---------------- */

typedef struct aentry {
    void *p;
    int kind;
    int freed;
    struct aentry *next;
} aentry;
static aentry *g_allocs;

void *tracked_alloc(int kind, size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (!p)
        return NULL;
    for (aentry *e = g_allocs; e; e = e->next) {
        if (e->p == p) { /* address reused after a free */
            e->kind = kind;
            e->freed = 0;
            return p;
        }
    }
    aentry *e = calloc(1, sizeof *e);
    if (!e) {
        free(p);
        return NULL;
    }
    e->p = p;
    e->kind = kind;
    e->next = g_allocs;
    g_allocs = e;
    return p;
}

int tracked_free(int kind, void *p)
{
    for (aentry *e = g_allocs; e; e = e->next) {
        if (e->p == p) {
            if (e->kind != kind)
                return e->freed ? 2 : 1;
            if (e->freed)
                return 2;
            e->freed = 1;
            free(p);
            return 0;
        }
    }
    return 1;
}

int alloc_count(int kind)
{
    int n = 0;
    for (aentry *e = g_allocs; e; e = e->next)
        n += e->kind == kind && !e->freed;
    return n;
}

/* ---------------- stats ---------------- */

typedef struct counter {
    char name[64];
    long n;
    struct counter *next;
} counter;
static counter *g_calls, *g_misuse;
static long g_remove_all;

static void bump(counter **list, const char *name)
{
    counter *c;
    for (c = *list; c; c = c->next)
        if (strcmp(c->name, name) == 0)
            break;
    if (!c) {
        c = calloc(1, sizeof *c);
        if (!c)
            return;
        snprintf(c->name, sizeof c->name, "%s", name);
        c->next = *list;
        *list = c;
    }
    c->n++;
}

void stat_call(const char *fn) { bump(&g_calls, fn); }
void stat_misuse(const char *what)
{
    if (strcmp(what, "removeAllRights") == 0)
        g_remove_all++;
    else
        bump(&g_misuse, what);
}

static void free_counters(counter **l)
{
    while (*l) {
        counter *n = (*l)->next;
        free(*l);
        *l = n;
    }
}

void stats_reset(void)
{
    free_counters(&g_calls);
    free_counters(&g_misuse);
    g_remove_all = 0;
}

static const char *k_misuse[] = {"badUnicodeString", "badObjectAttributes", "invalidHandle", "foreignFree",
                                 "doubleFree", "insufficientAccess", "invalidSid", "nullPointer", NULL};

char *stats_json(void)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *calls = cJSON_AddObjectToObject(root, "calls");
    for (counter *c = g_calls; c; c = c->next)
        cJSON_AddNumberToObject(calls, c->name, (double)c->n);
    cJSON *o = cJSON_AddObjectToObject(root, "outstanding");
    cJSON_AddNumberToObject(o, "lsaAllocations", alloc_count(A_LSA));
    cJSON_AddNumberToObject(o, "lsaPolicyHandles", handle_count(H_POLICY));
    cJSON_AddNumberToObject(o, "tokens", handle_count(H_TOKEN));
    cJSON_AddNumberToObject(o, "authzResourceManagers", handle_count(H_AUTHZ_RM));
    cJSON_AddNumberToObject(o, "authzContexts", handle_count(H_AUTHZ_CTX));
    cJSON_AddNumberToObject(o, "netApiBuffers", alloc_count(A_NET));
    cJSON *m = cJSON_AddObjectToObject(root, "misuse");
    for (int i = 0; k_misuse[i]; i++) {
        long n = 0;
        for (counter *c = g_misuse; c; c = c->next)
            if (strcmp(c->name, k_misuse[i]) == 0)
                n = c->n;
        cJSON_AddNumberToObject(m, k_misuse[i], (double)n);
    }
    for (counter *c = g_misuse; c; c = c->next)
        if (!cJSON_HasObjectItem(m, c->name))
            cJSON_AddNumberToObject(m, c->name, (double)c->n);
    cJSON_AddNumberToObject(root, "removeAllRightsCalls", (double)g_remove_all);
    char *s = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return s;
}

/* ---------------- log and last error ---------------- */

static char *g_log_path;
static int g_log_init;

void set_log_path(const char *p)
{
    free(g_log_path);
    g_log_path = (p && *p) ? strdup(p) : NULL;
    g_log_init = 1;
}

void log_line(const char *fmt, ...)
{
    char buf[4096];
    int o;
    va_list ap;
    if (!g_log_init) {
        const char *e = getenv("WINEMU_LOG");
        set_log_path(e);
    }
    if (!g_log_path)
        return;
    o = snprintf(buf, sizeof buf, "pid=%d ", (int)getpid());
    va_start(ap, fmt);
    o += vsnprintf(buf + o, sizeof buf - (size_t)o, fmt, ap);
    va_end(ap);
    if (o > (int)sizeof buf - 2)
        o = (int)sizeof buf - 2;
    buf[o++] = '\n';
    int fd = open(g_log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
        ssize_t w = write(fd, buf, (size_t)o);
        (void)w;
        close(fd);
    }
}

static __thread char g_lasterr[1024];

void set_last_error_msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_lasterr, sizeof g_lasterr, fmt, ap);
    va_end(ap);
}

EXPORT const char *WinEmu_LastError(void)
{
    return g_lasterr;
}
