/* winemu-cli: small driver used by the tests to act as a second process on a shared state. */
#include "winemu.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int WinEmu_Seed(const char *scenarioPath, const char *statePath);
int WinEmu_UseState(const char *statePath);
int WinEmu_ApplyPolicyRefresh(const char *policyPath);
const char *WinEmu_LastError(void);
NTSTATUS LsaOpenPolicy(LSA_UNICODE_STRING *, LSA_OBJECT_ATTRIBUTES *, ACCESS_MASK, HANDLE *);
NTSTATUS LsaClose(HANDLE);
NTSTATUS LsaAddAccountRights(HANDLE, void *, LSA_UNICODE_STRING *, ULONG);
BOOL LogonUserW(const WCHAR *, const WCHAR *, const WCHAR *, DWORD, DWORD, HANDLE *);
BOOL CloseHandle(HANDLE);

/* ASCII-only helpers: the library's own helpers are not exported. */
static size_t cli_u16(const char *s, WCHAR *out, size_t cap)
{
    size_t n = strlen(s);
    for (size_t i = 0; out && i < n && i < cap; i++)
        out[i] = (WCHAR)(unsigned char)s[i];
    return n;
}

static int cli_sid(const char *s, uint8_t *out)
{
    int n = 0;
    char *end;
    if (strncmp(s, "S-1-", 4) != 0)
        return -1;
    unsigned long long ia = strtoull(s + 4, &end, 10);
    out[0] = 1;
    for (int i = 0; i < 6; i++)
        out[2 + i] = (uint8_t)(ia >> (8 * (5 - i)));
    while (*end == '-' && n < 15) {
        uint32_t v = (uint32_t)strtoul(end + 1, &end, 10);
        memcpy(out + 8 + 4 * n, &v, 4);
        n++;
    }
    out[1] = (uint8_t)n;
    return 8 + 4 * n;
}

static WCHAR *w(const char *s)
{
    size_t n = cli_u16(s, NULL, 0);
    WCHAR *o = calloc(n + 1, sizeof(WCHAR));
    cli_u16(s, o, n);
    return o;
}

static int usage(void)
{
    fprintf(stderr, "usage: winemu-cli seed SCENARIO STATE\n"
                    "       winemu-cli grant STATE SIDPREFIX START COUNT RIGHT\n"
                    "       winemu-cli open STATE [SYSTEM]\n"
                    "       winemu-cli logon STATE USER DOMAIN|- PASSWORD TYPE\n"
                    "       winemu-cli refresh STATE POLICYJSON\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return usage();
    if (strcmp(argv[1], "seed") == 0 && argc == 4) {
        if (WinEmu_Seed(argv[2], argv[3]) != 0) {
            fprintf(stderr, "%s\n", WinEmu_LastError());
            return 1;
        }
        return 0;
    }
    if (WinEmu_UseState(argv[2]) != 0) {
        fprintf(stderr, "%s\n", WinEmu_LastError());
        return 1;
    }
    if (strcmp(argv[1], "grant") == 0 && argc == 7) {
        LSA_OBJECT_ATTRIBUTES oa;
        HANDLE h = NULL;
        int start = atoi(argv[4]), count = atoi(argv[5]), failures = 0;
        memset(&oa, 0, sizeof oa);
        NTSTATUS st = LsaOpenPolicy(NULL, &oa, 0x811, &h);
        if (st != 0) {
            printf("open 0x%08X\n", (uint32_t)st);
            return 1;
        }
        WCHAR *rw = w(argv[6]);
        LSA_UNICODE_STRING r = {(uint16_t)(cli_u16(argv[6], NULL, 0) * 2), 0, rw};
        r.MaximumLength = (uint16_t)(r.Length + 2);
        for (int i = start; i < start + count; i++) {
            char s[SIDSTR_MAX];
            uint8_t sid[68];
            snprintf(s, sizeof s, "%s-%d", argv[3], i);
            if (cli_sid(s, sid) < 0)
                return 2;
            st = LsaAddAccountRights(h, sid, &r, 1);
            if (st != 0) {
                printf("add %s 0x%08X\n", s, (uint32_t)st);
                failures++;
            }
        }
        LsaClose(h);
        free(rw);
        return failures ? 1 : 0;
    }
    if (strcmp(argv[1], "open") == 0 && (argc == 3 || argc == 4)) {
        LSA_OBJECT_ATTRIBUTES oa;
        HANDLE h = NULL;
        memset(&oa, 0, sizeof oa);
        LSA_UNICODE_STRING sys = {0, 0, NULL};
        WCHAR *sw = NULL;
        if (argc == 4) {
            sw = w(argv[3]);
            sys.Length = (uint16_t)(cli_u16(argv[3], NULL, 0) * 2);
            sys.MaximumLength = (uint16_t)(sys.Length + 2);
            sys.Buffer = sw;
        }
        NTSTATUS st = LsaOpenPolicy(argc == 4 ? &sys : NULL, &oa, 0x801, &h);
        printf("0x%08X\n", (uint32_t)st);
        if (st == 0)
            LsaClose(h);
        free(sw);
        return 0;
    }
    if (strcmp(argv[1], "refresh") == 0 && argc == 4) {
        if (WinEmu_ApplyPolicyRefresh(argv[3]) != 0) {
            fprintf(stderr, "%s\n", WinEmu_LastError());
            return 1;
        }
        return 0;
    }
    if (strcmp(argv[1], "logon") == 0 && argc == 7) {
        HANDLE tok = NULL;
        WCHAR *u = w(argv[3]), *d = strcmp(argv[4], "-") ? w(argv[4]) : NULL, *p = w(argv[5]);
        BOOL ok = LogonUserW(u, d, p, (DWORD)atoi(argv[6]), 0, &tok);
        int e = ok ? 0 : errno;
        printf("%d\n", e);
        if (ok)
            CloseHandle(tok);
        free(u);
        free(d);
        free(p);
        return 0;
    }
    return usage();
}
