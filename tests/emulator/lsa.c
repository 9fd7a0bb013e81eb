/* LSA policy functions (advapi32). Every function returns NTSTATUS and leaves errno alone. */
#define _GNU_SOURCE
#include "winemu.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POLICY_VIEW_LOCAL_INFORMATION 0x1u
#define POLICY_CREATE_ACCOUNT 0x10u
#define POLICY_LOOKUP_NAMES 0x800u
#define POLICY_ALL_ACCESS 0x000F0FFFu
#define NONADMIN_ALLOWED (POLICY_LOOKUP_NAMES | POLICY_VIEW_LOCAL_INFORMATION | 0x00020000u | 0x00100000u)

#define LSA_BEGIN(fn)                                                                                                \
    const char *FN = fn;                                                                                             \
    NTSTATUS st = ST_SUCCESS;                                                                                        \
    int began = 0;                                                                                                   \
    int saved_errno = errno;                                                                                         \
    char la[2048] = "";                                                                                              \
    emu_lock();                                                                                                      \
    stat_call(FN)

#define LSA_END()                                                                                                    \
    if (began)                                                                                                       \
        state_end();                                                                                                 \
    log_line("fn=%s%s status=0x%08X", FN, la, (uint32_t)st);                                                         \
    emu_unlock();                                                                                                    \
    errno = saved_errno;                                                                                             \
    return st

#define FAIL(code)                                                                                                   \
    do {                                                                                                             \
        st = (code);                                                                                                 \
        goto out;                                                                                                    \
    } while (0)

#define MISUSE(what, code)                                                                                           \
    do {                                                                                                             \
        stat_misuse(what);                                                                                           \
        FAIL(code);                                                                                                  \
    } while (0)

static void la_add(char *la, const char *fmt, const char *v)
{
    size_t l = strlen(la);
    if (l < 1900)
        snprintf(la + l, 2048 - l, fmt, v);
}

static int us_ok(const LSA_UNICODE_STRING *u)
{
    return u && !(u->Length & 1) && u->Length <= u->MaximumLength && !(u->Buffer == NULL && u->Length > 0);
}

static char *us_utf8(const LSA_UNICODE_STRING *u)
{
    return u16_to_utf8(u->Buffer ? u->Buffer : (const WCHAR *)u, u->Buffer ? u->Length / 2u : 0);
}

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

/* Writes a UTF-8 string as UTF-16 into *cursor; fills the LSA_UNICODE_STRING; advances cursor. */
static void put_us(LSA_UNICODE_STRING *u, const char *s, uint8_t **cursor)
{
    size_t n = utf8_to_u16(s, NULL, 0);
    WCHAR *w = (WCHAR *)*cursor;
    utf8_to_u16(s, w, n);
    w[n] = 0;
    u->Buffer = w;
    u->Length = (uint16_t)(n * 2);
    u->MaximumLength = (uint16_t)(n * 2 + 2);
    *cursor += align8((n + 1) * 2);
}

static size_t us_size(const char *s) { return align8((utf8_to_u16(s, NULL, 0) + 1) * 2); }

static void *put_sid(const char *sid, uint8_t **cursor)
{
    uint8_t b[68];
    int n = sid_from_string(sid, b);
    if (n < 0)
        n = 0;
    memcpy(*cursor, b, (size_t)n);
    void *r = *cursor;
    *cursor += align8((size_t)n);
    return r;
}

static size_t sid_size(const char *sid)
{
    uint8_t b[68];
    int n = sid_from_string(sid, b);
    return align8(n < 0 ? 0 : (size_t)n);
}

static int policy_lookup(HANDLE h, hentry **pe, cJSON **comp)
{
    *pe = handle_get(h, H_POLICY);
    if (!*pe)
        return -1;
    *comp = find_computer((*pe)->computer);
    return 0;
}

static int sid_arg(const void *sid, char *out)
{
    return (sid_is_valid(sid) && sid_to_string(sid, out, SIDSTR_MAX) == 0) ? 0 : -1;
}

static int is_admin(cJSON *comp)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(comp, "callerIsAdmin"));
}

static int arr_has(cJSON *arr, const char *sid)
{
    cJSON *e;
    cJSON_ArrayForEach(e, arr)
        if (cJSON_IsString(e) && strcmp(e->valuestring, sid) == 0)
            return 1;
    return 0;
}

static int account_exists(cJSON *rights, const char *sid)
{
    cJSON *r;
    cJSON_ArrayForEach(r, rights)
        if (arr_has(r, sid))
            return 1;
    return 0;
}

static void arr_remove(cJSON *arr, const char *sid)
{
    int i = 0;
    cJSON *e = arr ? arr->child : NULL;
    while (e) {
        cJSON *next = e->next;
        if (cJSON_IsString(e) && strcmp(e->valuestring, sid) == 0)
            cJSON_DeleteItemFromArray(arr, i);
        else
            i++;
        e = next;
    }
}

/* Validates and canonicalizes a UserRights array. Returns 0, or an NTSTATUS failure. */
static NTSTATUS rights_arg(const LSA_UNICODE_STRING *rights, ULONG count, const char **canon, char *la)
{
    for (ULONG i = 0; i < count; i++) {
        if (!us_ok(&rights[i])) {
            stat_misuse("badUnicodeString");
            return ST_INVALID_PARAMETER;
        }
    }
    for (ULONG i = 0; i < count; i++) {
        char *s = us_utf8(&rights[i]);
        canon[i] = s ? right_canonical(s) : NULL;
        la_add(la, i ? ",%s" : " rights=%s", s ? s : "?");
        free(s);
        if (!canon[i])
            return ST_NO_SUCH_PRIVILEGE;
    }
    return 0;
}

static NTSTATUS need_access(hentry *e, ACCESS_MASK m)
{
    if ((e->access & m) != m) {
        stat_misuse("insufficientAccess");
        return ST_ACCESS_DENIED;
    }
    return 0;
}

static ACCESS_MASK map_generic(ACCESS_MASK a, int admin)
{
    ACCESS_MASK r = a & 0x01FFFFFFu;
    if (a & 0x80000000u)
        r |= 0x00020006u;
    if (a & 0x40000000u)
        r |= 0x000207F8u;
    if (a & 0x20000000u)
        r |= 0x00020801u;
    if (a & 0x10000000u)
        r |= POLICY_ALL_ACCESS;
    if (a & 0x02000000u) { /* MAXIMUM_ALLOWED */
        r &= ~0x02000000u;
        r |= admin ? POLICY_ALL_ACCESS : (POLICY_LOOKUP_NAMES | POLICY_VIEW_LOCAL_INFORMATION);
    }
    return r;
}

EXPORT NTSTATUS LsaOpenPolicy(LSA_UNICODE_STRING *SystemName, LSA_OBJECT_ATTRIBUTES *ObjectAttributes,
                              ACCESS_MASK DesiredAccess, HANDLE *PolicyHandle)
{
    LSA_BEGIN("LsaOpenPolicy");
    char *name = NULL;
    cJSON *comp;
    int hit;
    char acc[32];
    snprintf(acc, sizeof acc, "0x%X", DesiredAccess);
    la_add(la, " access=%s", acc);
    if (!PolicyHandle)
        MISUSE("nullPointer", ST_INVALID_PARAMETER);
    *PolicyHandle = NULL;
    if (!ObjectAttributes)
        MISUSE("badObjectAttributes", ST_INVALID_PARAMETER);
    if (ObjectAttributes->Length || ObjectAttributes->RootDirectory || ObjectAttributes->ObjectName ||
        ObjectAttributes->Attributes || ObjectAttributes->SecurityDescriptor ||
        ObjectAttributes->SecurityQualityOfService)
        MISUSE("badObjectAttributes", ST_INVALID_PARAMETER);
    if (SystemName) {
        if (!us_ok(SystemName))
            MISUSE("badUnicodeString", ST_INVALID_PARAMETER);
        name = us_utf8(SystemName);
    }
    const char *n = name ? name : "";
    while (*n == '\\')
        n++;
    la_add(la, " system=%s", n);
    if (state_begin() != 0)
        FAIL(ST_INTERNAL_DB_ERROR);
    began = 1;
    comp = *n ? find_computer(n) : local_computer();
    if (!comp || !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(comp, "reachable")))
        FAIL(ST_RPC_SERVER_UNAVAILABLE);
    const char *cname = cJSON_GetObjectItemCaseSensitive(comp, "name")->valuestring;
    long f = fault_check(FN, cname, &hit);
    if (hit)
        FAIL((NTSTATUS)f);
    ACCESS_MASK granted = map_generic(DesiredAccess, is_admin(comp));
    if (!is_admin(comp) && (granted & ~NONADMIN_ALLOWED))
        FAIL(ST_ACCESS_DENIED);
    *PolicyHandle = handle_new(H_POLICY);
    hentry *e = handle_get(*PolicyHandle, H_POLICY);
    snprintf(e->computer, sizeof e->computer, "%s", cname);
    e->access = granted;
out:
    free(name);
    LSA_END();
}

EXPORT NTSTATUS LsaClose(HANDLE ObjectHandle)
{
    LSA_BEGIN("LsaClose");
    hentry *e = handle_get(ObjectHandle, H_POLICY);
    int hit;
    if (!e)
        MISUSE("invalidHandle", ST_INVALID_HANDLE);
    if (state_begin() == 0) {
        began = 1;
        long f = fault_check(FN, e->computer, &hit);
        if (hit)
            FAIL((NTSTATUS)f);
    }
    handle_close(e);
out:
    LSA_END();
}

#define POLICY_PROLOGUE()                                                                                           \
    hentry *e;                                                                                                       \
    cJSON *comp;                                                                                                     \
    int hit;                                                                                                         \
    if (policy_lookup(PolicyHandle, &e, &comp) != 0)                                                                 \
        MISUSE("invalidHandle", ST_INVALID_HANDLE);                                                                  \
    la_add(la, " computer=%s", e->computer);                                                                         \
    if (state_begin() != 0)                                                                                          \
        FAIL(ST_INTERNAL_DB_ERROR);                                                                                  \
    began = 1;                                                                                                       \
    comp = find_computer(e->computer);                                                                               \
    if (!comp || !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(comp, "reachable")))                                 \
        FAIL(ST_RPC_SERVER_UNAVAILABLE);                                                                             \
    {                                                                                                                \
        long f_ = fault_check(FN, e->computer, &hit);                                                                \
        if (hit)                                                                                                     \
            FAIL((NTSTATUS)f_);                                                                                      \
    }

EXPORT NTSTATUS LsaAddAccountRights(HANDLE PolicyHandle, void *AccountSid, LSA_UNICODE_STRING *UserRights,
                                    ULONG CountOfRights)
{
    LSA_BEGIN("LsaAddAccountRights");
    char sid[SIDSTR_MAX];
    const char **canon = NULL;
    NTSTATUS r;
    POLICY_PROLOGUE();
    if (sid_arg(AccountSid, sid) != 0)
        MISUSE("invalidSid", AccountSid ? ST_INVALID_SID : ST_INVALID_PARAMETER);
    la_add(la, " sid=%s", sid);
    if (!UserRights || CountOfRights == 0)
        FAIL(ST_INVALID_PARAMETER);
    canon = calloc(CountOfRights, sizeof *canon);
    if (!canon)
        FAIL(ST_NO_MEMORY);
    if ((r = rights_arg(UserRights, CountOfRights, canon, la)) != 0)
        FAIL(r);
    cJSON *rights = computer_rights(comp);
    ACCESS_MASK need = POLICY_LOOKUP_NAMES | (account_exists(rights, sid) ? 0 : POLICY_CREATE_ACCOUNT);
    if ((r = need_access(e, need)) != 0)
        FAIL(r);
    for (ULONG i = 0; i < CountOfRights; i++) {
        cJSON *arr = cJSON_GetObjectItemCaseSensitive(rights, canon[i]);
        if (!arr)
            arr = cJSON_AddArrayToObject(rights, canon[i]);
        if (!arr_has(arr, sid)) {
            cJSON_AddItemToArray(arr, cJSON_CreateString(sid));
            state_dirty();
        }
    }
out:
    free(canon);
    LSA_END();
}

EXPORT NTSTATUS LsaRemoveAccountRights(HANDLE PolicyHandle, void *AccountSid, BOOLEAN AllRights,
                                       LSA_UNICODE_STRING *UserRights, ULONG CountOfRights)
{
    LSA_BEGIN("LsaRemoveAccountRights");
    char sid[SIDSTR_MAX];
    const char **canon = NULL;
    NTSTATUS r;
    POLICY_PROLOGUE();
    if (sid_arg(AccountSid, sid) != 0)
        MISUSE("invalidSid", AccountSid ? ST_INVALID_SID : ST_INVALID_PARAMETER);
    la_add(la, " sid=%s", sid);
    cJSON *rights = computer_rights(comp);
    if (AllRights) {
        la_add(la, " allRights=%s", "TRUE");
        stat_misuse("removeAllRights");
        if ((r = need_access(e, POLICY_LOOKUP_NAMES)) != 0)
            FAIL(r);
        if (!account_exists(rights, sid))
            FAIL(ST_OBJECT_NAME_NOT_FOUND);
        cJSON *a;
        cJSON_ArrayForEach(a, rights)
            arr_remove(a, sid);
        state_dirty();
        goto out;
    }
    if (!UserRights || CountOfRights == 0)
        FAIL(ST_INVALID_PARAMETER);
    canon = calloc(CountOfRights, sizeof *canon);
    if (!canon)
        FAIL(ST_NO_MEMORY);
    if ((r = rights_arg(UserRights, CountOfRights, canon, la)) != 0)
        FAIL(r);
    if ((r = need_access(e, POLICY_LOOKUP_NAMES)) != 0)
        FAIL(r);
    if (!account_exists(rights, sid))
        FAIL(ST_OBJECT_NAME_NOT_FOUND);
    for (ULONG i = 0; i < CountOfRights; i++) {
        cJSON *arr = cJSON_GetObjectItemCaseSensitive(rights, canon[i]);
        if (arr_has(arr, sid)) {
            arr_remove(arr, sid);
            state_dirty();
        }
    }
out:
    free(canon);
    LSA_END();
}

EXPORT NTSTATUS LsaEnumerateAccountRights(HANDLE PolicyHandle, void *AccountSid, LSA_UNICODE_STRING **UserRights,
                                          ULONG *CountOfRights)
{
    LSA_BEGIN("LsaEnumerateAccountRights");
    char sid[SIDSTR_MAX];
    NTSTATUS r;
    if (!UserRights || !CountOfRights)
        MISUSE("nullPointer", ST_INVALID_PARAMETER);
    *UserRights = NULL;
    *CountOfRights = 0;
    POLICY_PROLOGUE();
    if (sid_arg(AccountSid, sid) != 0)
        MISUSE("invalidSid", AccountSid ? ST_INVALID_SID : ST_INVALID_PARAMETER);
    la_add(la, " sid=%s", sid);
    if ((r = need_access(e, POLICY_LOOKUP_NAMES)) != 0)
        FAIL(r);
    if (!is_admin(comp))
        FAIL(ST_ACCESS_DENIED);
    cJSON *rights = computer_rights(comp);
    int n = 0;
    size_t size = 0;
    for (int i = 0; i < right_count(); i++)
        if (arr_has(cJSON_GetObjectItemCaseSensitive(rights, right_at(i)), sid)) {
            n++;
            size += sizeof(LSA_UNICODE_STRING) + us_size(right_at(i));
        }
    if (n == 0)
        FAIL(ST_OBJECT_NAME_NOT_FOUND);
    LSA_UNICODE_STRING *arr = tracked_alloc(A_LSA, size);
    if (!arr)
        FAIL(ST_NO_MEMORY);
    uint8_t *cur = (uint8_t *)(arr + n);
    int k = 0;
    for (int i = 0; i < right_count(); i++)
        if (arr_has(cJSON_GetObjectItemCaseSensitive(rights, right_at(i)), sid))
            put_us(&arr[k++], right_at(i), &cur);
    *UserRights = arr;
    *CountOfRights = (ULONG)n;
out:
    LSA_END();
}

EXPORT NTSTATUS LsaEnumerateAccountsWithUserRight(HANDLE PolicyHandle, LSA_UNICODE_STRING *UserRight, void **Buffer,
                                                  ULONG *CountReturned)
{
    LSA_BEGIN("LsaEnumerateAccountsWithUserRight");
    const char *canon = NULL;
    NTSTATUS r;
    cJSON *sids = NULL;
    if (!Buffer || !CountReturned)
        MISUSE("nullPointer", ST_INVALID_PARAMETER);
    *Buffer = NULL;
    *CountReturned = 0;
    POLICY_PROLOGUE();
    if (UserRight) {
        if ((r = rights_arg(UserRight, 1, &canon, la)) != 0)
            FAIL(r);
    }
    if ((r = need_access(e, POLICY_LOOKUP_NAMES | POLICY_VIEW_LOCAL_INFORMATION)) != 0)
        FAIL(r);
    if (!is_admin(comp))
        FAIL(ST_ACCESS_DENIED);
    cJSON *rights = computer_rights(comp), *a, *s;
    sids = cJSON_CreateArray();
    cJSON_ArrayForEach(a, rights)
    {
        if (canon && strcmp(a->string, canon) != 0)
            continue;
        cJSON_ArrayForEach(s, a)
            if (cJSON_IsString(s) && !arr_has(sids, s->valuestring))
                cJSON_AddItemToArray(sids, cJSON_CreateString(s->valuestring));
    }
    int n = cJSON_GetArraySize(sids);
    if (n == 0)
        FAIL(ST_NO_MORE_ENTRIES);
    size_t size = (size_t)n * sizeof(LSA_ENUMERATION_INFORMATION);
    cJSON_ArrayForEach(s, sids)
        size += sid_size(s->valuestring);
    LSA_ENUMERATION_INFORMATION *out = tracked_alloc(A_LSA, size);
    if (!out)
        FAIL(ST_NO_MEMORY);
    uint8_t *cur = (uint8_t *)(out + n);
    int k = 0;
    cJSON_ArrayForEach(s, sids)
        out[k++].Sid = put_sid(s->valuestring, &cur);
    *Buffer = out;
    *CountReturned = (ULONG)n;
out:
    cJSON_Delete(sids);
    LSA_END();
}

/* ---------------- lookups ---------------- */

typedef struct {
    int n;
    char (*names)[NAME_MAX_];
    char (*sids)[SIDSTR_MAX];
} domlist;

static int dl_index(domlist *d, const char *name, const char *sid)
{
    for (int i = 0; i < d->n; i++)
        if (strcmp(d->sids[i], sid) == 0)
            return i;
    snprintf(d->names[d->n], NAME_MAX_, "%s", name);
    snprintf(d->sids[d->n], SIDSTR_MAX, "%s", sid);
    return d->n++;
}

static LSA_REFERENCED_DOMAIN_LIST *dl_build(domlist *d)
{
    size_t size = sizeof(LSA_REFERENCED_DOMAIN_LIST) + (size_t)d->n * sizeof(LSA_TRUST_INFORMATION);
    for (int i = 0; i < d->n; i++)
        size += us_size(d->names[i]) + sid_size(d->sids[i]);
    LSA_REFERENCED_DOMAIN_LIST *l = tracked_alloc(A_LSA, size);
    if (!l)
        return NULL;
    LSA_TRUST_INFORMATION *ti = (LSA_TRUST_INFORMATION *)(l + 1);
    uint8_t *cur = (uint8_t *)(ti + d->n);
    l->Entries = (ULONG)d->n;
    l->Domains = d->n ? ti : NULL;
    for (int i = 0; i < d->n; i++) {
        put_us(&ti[i].Name, d->names[i], &cur);
        ti[i].Sid = put_sid(d->sids[i], &cur);
    }
    return l;
}

static int domain_reachable(void)
{
    cJSON *d = state_domain();
    return d && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(d, "reachable"));
}

EXPORT NTSTATUS LsaLookupNames2(HANDLE PolicyHandle, ULONG Flags, ULONG Count, LSA_UNICODE_STRING *Names,
                                LSA_REFERENCED_DOMAIN_LIST **ReferencedDomains, LSA_TRANSLATED_SID2 **Sids)
{
    LSA_BEGIN("LsaLookupNames2");
    domlist d = {0, NULL, NULL};
    principal *res = NULL;
    int *found = NULL;
    NTSTATUS r;
    if (!ReferencedDomains || !Sids)
        MISUSE("nullPointer", ST_INVALID_PARAMETER);
    *ReferencedDomains = NULL;
    *Sids = NULL;
    POLICY_PROLOGUE();
    if (Flags & ~0x80000000u)
        FAIL(ST_INVALID_PARAMETER);
    if (!Names || Count == 0 || Count > 20480)
        FAIL(ST_INVALID_PARAMETER);
    for (ULONG i = 0; i < Count; i++)
        if (!us_ok(&Names[i]))
            MISUSE("badUnicodeString", ST_INVALID_PARAMETER);
    if ((r = need_access(e, POLICY_LOOKUP_NAMES)) != 0)
        FAIL(r);
    res = calloc(Count, sizeof *res);
    found = calloc(Count, sizeof *found);
    d.names = calloc(Count, NAME_MAX_);
    d.sids = calloc(Count, SIDSTR_MAX);
    if (!res || !found || !d.names || !d.sids)
        FAIL(ST_NO_MEMORY);
    ULONG mapped = 0;
    size_t size = Count * sizeof(LSA_TRANSLATED_SID2);
    for (ULONG i = 0; i < Count; i++) {
        char *nm = us_utf8(&Names[i]);
        la_add(la, i ? ",%s" : " names=%s", nm ? nm : "?");
        if (nm && *nm && resolve_name(comp, nm, (Flags & 0x80000000u) != 0, &res[i]) == R_FOUND &&
            !(res[i].isdomain && !domain_reachable())) {
            found[i] = 1;
            mapped++;
            size += sid_size(res[i].sid);
        }
        free(nm);
    }
    LSA_TRANSLATED_SID2 *ts = tracked_alloc(A_LSA, size);
    if (!ts)
        FAIL(ST_NO_MEMORY);
    uint8_t *cur = (uint8_t *)(ts + Count);
    for (ULONG i = 0; i < Count; i++) {
        if (!found[i]) {
            ts[i].Use = SidTypeUnknown;
            ts[i].Sid = NULL;
            ts[i].DomainIndex = -1;
            continue;
        }
        ts[i].Use = res[i].use;
        ts[i].Sid = put_sid(res[i].sid, &cur);
        ts[i].DomainIndex = dl_index(&d, res[i].domain, res[i].domsid);
        ts[i].Flags = 0;
    }
    LSA_REFERENCED_DOMAIN_LIST *l = dl_build(&d);
    if (!l) {
        tracked_free(A_LSA, ts);
        FAIL(ST_NO_MEMORY);
    }
    *ReferencedDomains = l;
    *Sids = ts;
    st = mapped == Count ? ST_SUCCESS : mapped ? ST_SOME_NOT_MAPPED : ST_NONE_MAPPED;
out:
    free(res);
    free(found);
    free(d.names);
    free(d.sids);
    LSA_END();
}

EXPORT NTSTATUS LsaLookupSids2(HANDLE PolicyHandle, ULONG LookupOptions, ULONG Count, void **Sids,
                               LSA_REFERENCED_DOMAIN_LIST **ReferencedDomains, LSA_TRANSLATED_NAME **Names)
{
    LSA_BEGIN("LsaLookupSids2");
    domlist d = {0, NULL, NULL};
    principal *res = NULL;
    int *kind = NULL;
    NTSTATUS r;
    if (!ReferencedDomains || !Names)
        MISUSE("nullPointer", ST_INVALID_PARAMETER);
    *ReferencedDomains = NULL;
    *Names = NULL;
    POLICY_PROLOGUE();
    if (LookupOptions & ~0xC0000000u)
        FAIL(ST_INVALID_PARAMETER);
    if (!Sids || Count == 0 || Count > 20480)
        FAIL(ST_INVALID_PARAMETER);
    res = calloc(Count, sizeof *res);
    kind = calloc(Count, sizeof *kind);
    d.names = calloc(Count, NAME_MAX_);
    d.sids = calloc(Count, SIDSTR_MAX);
    if (!res || !kind || !d.names || !d.sids)
        FAIL(ST_NO_MEMORY);
    for (ULONG i = 0; i < Count; i++) {
        if (sid_arg(Sids[i], res[i].sid) != 0)
            MISUSE("invalidSid", ST_INVALID_SID);
        la_add(la, i ? ",%s" : " sids=%s", res[i].sid);
    }
    if ((r = need_access(e, POLICY_LOOKUP_NAMES)) != 0)
        FAIL(r);
    ULONG mapped = 0;
    size_t size = Count * sizeof(LSA_TRANSLATED_NAME);
    for (ULONG i = 0; i < Count; i++) {
        char s[SIDSTR_MAX];
        snprintf(s, sizeof s, "%s", res[i].sid);
        kind[i] = resolve_sid(comp, s, &res[i]);
        if (kind[i] != R_NOTFOUND && res[i].isdomain && !domain_reachable())
            kind[i] = R_NOTFOUND;
        if (kind[i] == R_NOTFOUND) {
            memset(&res[i], 0, sizeof res[i]);
            snprintf(res[i].name, sizeof res[i].name, "%s", s);
            res[i].use = SidTypeUnknown;
        }
        if (kind[i] == R_FOUND)
            mapped++;
        size += us_size(res[i].name);
    }
    LSA_TRANSLATED_NAME *tn = tracked_alloc(A_LSA, size);
    if (!tn)
        FAIL(ST_NO_MEMORY);
    uint8_t *cur = (uint8_t *)(tn + Count);
    for (ULONG i = 0; i < Count; i++) {
        tn[i].Use = res[i].use;
        put_us(&tn[i].Name, res[i].name, &cur);
        tn[i].DomainIndex = kind[i] == R_NOTFOUND ? -1 : dl_index(&d, res[i].domain, res[i].domsid);
    }
    LSA_REFERENCED_DOMAIN_LIST *l = dl_build(&d);
    if (!l) {
        tracked_free(A_LSA, tn);
        FAIL(ST_NO_MEMORY);
    }
    *ReferencedDomains = l;
    *Names = tn;
    st = mapped == Count ? ST_SUCCESS : mapped ? ST_SOME_NOT_MAPPED : ST_NONE_MAPPED;
out:
    free(res);
    free(kind);
    free(d.names);
    free(d.sids);
    LSA_END();
}

EXPORT NTSTATUS LsaFreeMemory(void *Buffer)
{
    LSA_BEGIN("LsaFreeMemory");
    int hit;
    if (!Buffer)
        goto out;
    if (state_begin() == 0) {
        began = 1;
        long f = fault_check(FN, NULL, &hit);
        if (hit)
            FAIL((NTSTATUS)f);
    }
    switch (tracked_free(A_LSA, Buffer)) {
    case 0:
        break;
    case 2:
        MISUSE("doubleFree", ST_UNSUCCESSFUL);
    default:
        MISUSE("foreignFree", ST_UNSUCCESSFUL);
    }
out:
    LSA_END();
}

static const struct {
    uint32_t st;
    ULONG err;
} k_map[] = {
    {0x00000000, 0},    {0x00000107, 1301}, {0x8000001A, 259},  {0xC0000001, 31},   {0xC0000008, 6},
    {0xC000000D, 87},   {0xC0000017, 8},    {0xC0000022, 5},    {0xC0000023, 122},  {0xC0000034, 2},
    {0xC0000060, 1313}, {0xC0000061, 1314}, {0xC0000064, 1317}, {0xC0000073, 1332}, {0xC0000078, 1337},
    {0xC000009A, 1450}, {0xC00000DC, 1352}, {0xC00000DF, 1355}, {0xC0000158, 1383}, {0xC0020017, 1722},
    {0xC002001B, 1726}, {0xC000006D, 1326}, {0xC000006E, 1327}, {0xC000006F, 1328}, {0xC0000070, 1329},
    {0xC0000071, 1330}, {0xC0000072, 1331}, {0xC000015B, 1385}, {0xC0000155, 1380}, {0xC0000224, 1907},
    {0xC0000234, 1909}, {0xC0000193, 1793}, {0xC000005E, 1311}, {0xC000018D, 1789}, {0xC000018C, 1788},
    {0xC000018B, 1787}, {0xC0000199, 1808}, {0xC0000133, 1398}, {0xC0000413, 1935},
};

EXPORT ULONG LsaNtStatusToWinError(NTSTATUS Status)
{
    int saved = errno;
    ULONG r = 317; /* ERROR_MR_MID_NOT_FOUND */
    emu_lock();
    stat_call("LsaNtStatusToWinError");
    for (size_t i = 0; i < sizeof k_map / sizeof k_map[0]; i++)
        if (k_map[i].st == (uint32_t)Status)
            r = k_map[i].err;
    emu_unlock();
    errno = saved;
    return r;
}

/* ---------------- policy information ---------------- */

typedef struct {
    LSA_UNICODE_STRING DomainName;
    void *DomainSid;
} POLICY_ACCOUNT_DOMAIN_INFO;
_Static_assert(sizeof(POLICY_ACCOUNT_DOMAIN_INFO) == 24, "POLICY_ACCOUNT_DOMAIN_INFO");

#define POLICY_PRIMARY_DOMAIN_INFORMATION 3
#define POLICY_ACCOUNT_DOMAIN_INFORMATION 5
#define ST_INVALID_INFO_CLASS ((NTSTATUS)0xC0000003)

/* [LQIP] Two classes are emulated, both needing POLICY_VIEW_LOCAL_INFORMATION:
   - PolicyAccountDomainInformation (5): the computer's own account domain, whose name is the computer name and whose
     SID prefixes its local accounts;
   - PolicyPrimaryDomainInformation (3): the domain the computer is joined to (its NetBIOS name and SID), or, for a
     computer that is not joined, the workgroup name "WORKGROUP" and a NULL SID (POLICY_PRIMARY_DOMAIN_INFO has the
     same layout as POLICY_ACCOUNT_DOMAIN_INFO).
   The result is one LSA allocation (name and SID inside it), freed with one LsaFreeMemory. Other classes:
   STATUS_INVALID_INFO_CLASS (what Windows returns for a class it does not know; here it means "not emulated"). */
EXPORT NTSTATUS LsaQueryInformationPolicy(HANDLE PolicyHandle, int32_t InformationClass, void **Buffer)
{
    LSA_BEGIN("LsaQueryInformationPolicy");
    if (!Buffer)
        MISUSE("nullPointer", ST_INVALID_PARAMETER);
    *Buffer = NULL;
    POLICY_PROLOGUE();
    (void)hit;
    if (InformationClass != POLICY_ACCOUNT_DOMAIN_INFORMATION && InformationClass != POLICY_PRIMARY_DOMAIN_INFORMATION)
        FAIL(ST_INVALID_INFO_CLASS);
    {
        NTSTATUS r = need_access(e, POLICY_VIEW_LOCAL_INFORMATION);
        if (r != 0)
            FAIL(r);
    }
    {
        cJSON *scope = comp;
        if (InformationClass == POLICY_PRIMARY_DOMAIN_INFORMATION)
            scope = computer_in_domain(comp) ? state_domain() : NULL;
        cJSON *jn = scope ? cJSON_GetObjectItemCaseSensitive(scope, "name") : NULL;
        cJSON *js = scope ? cJSON_GetObjectItemCaseSensitive(scope, "sid") : NULL;
        const char *name = cJSON_IsString(jn) ? jn->valuestring : (scope ? "" : "WORKGROUP");
        const char *sid = cJSON_IsString(js) ? js->valuestring : "";
        la_add(la, " class=%s", InformationClass == POLICY_PRIMARY_DOMAIN_INFORMATION ? "primary" : "account");
        size_t size = align8(sizeof(POLICY_ACCOUNT_DOMAIN_INFO)) + us_size(name) + (*sid ? sid_size(sid) : 0);
        POLICY_ACCOUNT_DOMAIN_INFO *out = tracked_alloc(A_LSA, size);
        if (!out)
            FAIL(ST_NO_MEMORY);
        uint8_t *cur = (uint8_t *)out + align8(sizeof *out);
        put_us(&out->DomainName, name, &cur);
        out->DomainSid = *sid ? put_sid(sid, &cur) : NULL;
        *Buffer = out;
    }
out:
    LSA_END();
}
