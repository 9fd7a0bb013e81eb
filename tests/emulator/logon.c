/* LogonUserW, CloseHandle, AuthZ and NetApi functions. BOOL functions report the Win32 error in errno. */
#define _GNU_SOURCE
#include "calls.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *jstr(cJSON *o, const char *k)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int jtrue(cJSON *o, const char *k)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static double jnum(cJSON *o, const char *k)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static void set_num(cJSON *o, const char *k, double v)
{
    cJSON *it = cJSON_GetObjectItemCaseSensitive(o, k);
    if (cJSON_IsNumber(it))
        cJSON_SetNumberValue(it, v);
    else
        cJSON_AddNumberToObject(o, k, v);
}

static int any_has_right(cJSON *rights, const char *right, char **sids, int n)
{
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(rights, right), *e;
    cJSON_ArrayForEach(e, arr)
        for (int i = 0; i < n; i++)
            if (cJSON_IsString(e) && strcmp(e->valuestring, sids[i]) == 0)
                return 1;
    return 0;
}

/* Resolves "SCOPE\name" into a user principal. */
static int find_user(cJSON *comp, const char *scope, const char *name, principal *p)
{
    char q[2 * NAME_MAX_ + 2];
    snprintf(q, sizeof q, "%s\\%s", scope, name);
    return resolve_name(comp, q, 0, p) == R_FOUND;
}

/* Domain reachability and secure channel. 0 ok, else the Win32 error. */
static DWORD domain_usable(cJSON *comp)
{
    cJSON *d = state_domain();
    if (!d || !jtrue(d, "reachable"))
        return E_NO_LOGON_SERVERS;
    if (jtrue(comp, "trustBroken"))
        return E_TRUSTED_RELATIONSHIP_FAILURE;
    return 0;
}

/* ---------------- the token model (README "Token model", rules T1-T10) ---------------- */

enum { TK_LOCAL, TK_DOMAIN, TK_SYSTEM, TK_LOCALSERVICE, TK_NETWORKSERVICE, TK_SERVICE_VIRTUAL, TK_APPPOOL };

static int has_sid(char **v, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return 1;
    return 0;
}

/* Whether the token of `p` for SECURITY_LOGON_TYPE `type` (2, 3, 4, 5, 7, 8, 10) is granted the logon right and not
 * denied it on `comp`: 1 yes, 0 no (1385), -1 out of memory. */
static int token_allows(cJSON *comp, const principal *p, int kind, DWORD type)
{
    const char *allow, *deny, *extra[12];
    int nextra = 0, ngroups, result;
    char **groups = NULL;
    extra[nextra++] = "S-1-1-0";  /* T3 Everyone */
    extra[nextra++] = "S-1-5-11"; /* T4 Authenticated Users */
    switch (type) {               /* T5 logon-type SIDs */
    case 2:
    case 7:
        allow = "SeInteractiveLogonRight", deny = "SeDenyInteractiveLogonRight", extra[nextra++] = "S-1-5-4";
        break;
    case 10:
        allow = "SeRemoteInteractiveLogonRight", deny = "SeDenyRemoteInteractiveLogonRight";
        extra[nextra++] = "S-1-5-4";
        extra[nextra++] = "S-1-5-14";
        break;
    case 4:
        allow = "SeBatchLogonRight", deny = "SeDenyBatchLogonRight", extra[nextra++] = "S-1-5-3";
        break;
    case 5:
        allow = "SeServiceLogonRight", deny = "SeDenyServiceLogonRight", extra[nextra++] = "S-1-5-6";
        break;
    default:
        allow = "SeNetworkLogonRight", deny = "SeDenyNetworkLogonRight", extra[nextra++] = "S-1-5-2";
        break;
    }
    /* T6 LOCAL: logons at the computer; service logons of service and virtual accounts */
    if (type == 2 || type == 7 || type == 10 || (type == 5 && kind >= TK_SYSTEM))
        extra[nextra++] = "S-1-2-0";
    if (kind == TK_DOMAIN)
        extra[nextra++] = "S-1-5-15"; /* T7 This Organization */
    if (kind == TK_LOCAL)
        extra[nextra++] = "S-1-5-113"; /* T8 Local account */
    if (kind == TK_SYSTEM)
        extra[nextra++] = "S-1-5-32-544"; /* T10 SYSTEM's token holds Administrators */
    if (kind == TK_APPPOOL)
        extra[nextra++] = "S-1-5-32-568"; /* T10 IIS injects IIS_IUSRS */
    /* T1, T2, T9: the account, its domain groups and local groups over everything above */
    ngroups = expand_groups(comp, p->sid, extra, nextra, &groups);
    if (!groups)
        return -1;
    if (kind == TK_LOCAL && has_sid(groups, ngroups, "S-1-5-32-544")) {
        /* T8b Local account and member of Administrators group, then local groups again */
        free_strv(groups, ngroups);
        extra[nextra++] = "S-1-5-114";
        ngroups = expand_groups(comp, p->sid, extra, nextra, &groups);
        if (!groups)
            return -1;
    }
    cJSON *rights = computer_rights(comp);
    result = any_has_right(rights, allow, groups, ngroups) && !any_has_right(rights, deny, groups, ngroups);
    free_strv(groups, ngroups);
    return result;
}

/* Test hook: the rights step of LogonUserW for any account of the local computer, including those that cannot present
 * a password (SYSTEM, LOCAL SERVICE, NETWORK SERVICE, NT SERVICE\x, IIS APPPOOL\x), and for type 10
 * (RemoteInteractive), which LogonUserW does not accept. 1 granted, 0 not granted (1385), -1 error (WinEmu_LastError). */
EXPORT int WinEmu_CheckLogonRight(const char *account, int logonType)
{
    int e = errno, rc = -1;
    principal p;
    emu_lock();
    if (state_begin() != 0) {
        emu_unlock();
        errno = e;
        return -1;
    }
    cJSON *comp = local_computer();
    int found = account && comp &&
                (((account[0] == 'S' || account[0] == 's') && account[1] == '-') ? resolve_sid(comp, account, &p)
                                                                                 : resolve_name(comp, account, 0, &p)) == R_FOUND;
    if (!found) {
        set_last_error_msg("account %s not found on the local computer", account ? account : "(null)");
    } else if (logonType != 2 && logonType != 3 && logonType != 4 && logonType != 5 && logonType != 8 && logonType != 10) {
        set_last_error_msg("logon type %d is not one of 2, 3, 4, 5, 8, 10", logonType);
    } else {
        int kind = strcmp(p.sid, "S-1-5-18") == 0   ? TK_SYSTEM
                   : strcmp(p.sid, "S-1-5-19") == 0 ? TK_LOCALSERVICE
                   : strcmp(p.sid, "S-1-5-20") == 0 ? TK_NETWORKSERVICE
                   : strncmp(p.sid, "S-1-5-80-", 9) == 0 && p.use == SidTypeWellKnownGroup ? TK_SERVICE_VIRTUAL
                   : strncmp(p.sid, "S-1-5-82-", 9) == 0 && p.use == SidTypeWellKnownGroup ? TK_APPPOOL
                   : p.use == SidTypeUser ? (p.isdomain ? TK_DOMAIN : TK_LOCAL)
                                           : -1;
        if (kind < 0)
            set_last_error_msg("%s is not an account", account);
        else if ((rc = token_allows(comp, &p, kind, (DWORD)logonType)) < 0)
            set_last_error_msg("out of memory");
    }
    state_end();
    emu_unlock();
    errno = e;
    return rc;
}

EXPORT BOOL LogonUserW(const WCHAR *lpszUsername, const WCHAR *lpszDomain, const WCHAR *lpszPassword,
                       DWORD dwLogonType, DWORD dwLogonProvider, HANDLE *phToken)
{
    B_BEGIN("LogonUserW");
    char *u = u16z_to_utf8(lpszUsername), *d = u16z_to_utf8(lpszDomain);
    char *pw = lpszPassword ? u16z_to_utf8(lpszPassword) : strdup("");
    char num[32];
    principal p;
    cJSON *comp;
    la_add(la, " user=%s", u);
    la_add(la, " domain=%s", d);
    snprintf(num, sizeof num, "%u", dwLogonType);
    la_add(la, " type=%s", num);
    snprintf(num, sizeof num, "%u", dwLogonProvider);
    la_add(la, " provider=%s", num);
    if (phToken)
        *phToken = NULL;
    if (!phToken || !u || !pw || !*u)
        FAIL(E_INVALID_PARAMETER);
    if (!(dwLogonType >= 2 && dwLogonType <= 5) && dwLogonType != 7 && dwLogonType != 8 && dwLogonType != 9)
        FAIL(E_INVALID_PARAMETER);
    if (dwLogonProvider != 0 && dwLogonProvider != 2 && dwLogonProvider != 3)
        FAIL(E_INVALID_PARAMETER);
    if (dwLogonType == 9 && dwLogonProvider != 3)
        FAIL(E_INVALID_PARAMETER);
    STATE();
    comp = local_computer();
    if (!comp)
        FAIL(E_INTERNAL_DB_ERROR);
    const char *cname = jstr(comp, "name");
    FAULT(cname);
    if (dwLogonType == 9) {
        /* NEW_CREDENTIALS: clones the caller's token; credentials are only used outbound (not validated). */
        memset(&p, 0, sizeof p);
        goto success;
    }
    int ok = 0;
    cJSON *dom = state_domain();
    int member = computer_in_domain(comp);
    if (strchr(u, '@')) {
        if (d)
            FAIL(E_INVALID_PARAMETER);
        if (!member)
            FAIL(E_LOGON_FAILURE);
        if ((err = domain_usable(comp)) != 0)
            goto out;
        ok = resolve_name(comp, u, 0, &p) == R_FOUND;
    } else if (strchr(u, '\\')) {
        FAIL(E_LOGON_FAILURE); /* callers must split DOMAIN\user themselves */
    } else if (!d) {
        ok = find_user(comp, cname, u, &p);
        if (!ok && member) {
            if ((err = domain_usable(comp)) != 0)
                goto out;
            ok = find_user(comp, jstr(dom, "name"), u, &p);
        }
    } else if (strcmp(d, ".") == 0 || str_ieq(d, cname)) {
        ok = find_user(comp, cname, u, &p);
    } else if (member && (str_ieq(d, jstr(dom, "name")) || str_ieq(d, jstr(dom, "dnsName")))) {
        if ((err = domain_usable(comp)) != 0)
            goto out;
        ok = find_user(comp, jstr(dom, "name"), u, &p);
    }
    if (!ok || p.use != SidTypeUser || !p.acct)
        FAIL(E_LOGON_FAILURE);
    cJSON *a = p.acct;
    cJSON *scope = p.isdomain ? dom : comp;
    if (jtrue(a, "lockedOut"))
        FAIL(E_ACCOUNT_LOCKED_OUT);
    if (!password_verify(jstr(a, "passwordHash"), pw)) {
        double bad = jnum(a, "badPasswordCount") + 1;
        double thr = jnum(scope, "lockoutThreshold");
        set_num(a, "badPasswordCount", bad);
        if (thr > 0 && bad >= thr)
            cJSON_ReplaceItemInObjectCaseSensitive(a, "lockedOut", cJSON_CreateTrue());
        state_dirty();
        FAIL(E_LOGON_FAILURE);
    }
    if (jnum(a, "badPasswordCount") != 0) {
        set_num(a, "badPasswordCount", 0);
        state_dirty();
    }
    if (jtrue(a, "disabled"))
        FAIL(E_ACCOUNT_DISABLED);
    if (jtrue(a, "accountExpired"))
        FAIL(E_ACCOUNT_EXPIRED);
    if (jtrue(a, "logonHoursDenied"))
        FAIL(E_INVALID_LOGON_HOURS);
    if (jtrue(a, "workstationDenied"))
        FAIL(E_INVALID_WORKSTATION);
    if (jtrue(a, "passwordExpired"))
        FAIL(E_PASSWORD_EXPIRED);
    if (jtrue(a, "mustChangePassword"))
        FAIL(E_PASSWORD_MUST_CHANGE);
    if (!*pw)
        FAIL(E_ACCOUNT_RESTRICTION);
    {
        int r = token_allows(comp, &p, p.isdomain ? TK_DOMAIN : TK_LOCAL, dwLogonType);
        if (r < 0)
            FAIL(E_NOT_ENOUGH_MEMORY);
        if (!r)
            FAIL(E_LOGON_TYPE_NOT_GRANTED);
    }
success: {
    HANDLE h = handle_new(H_TOKEN);
    hentry *e = handle_get(h, H_TOKEN);
    if (!e)
        FAIL(E_NOT_ENOUGH_MEMORY);
    snprintf(e->computer, sizeof e->computer, "%s", cname);
    e->sids = calloc(1, sizeof(char *));
    if (e->sids) {
        e->sids[0] = strdup(p.sid);
        e->nsids = 1;
    }
    *phToken = h;
}
out:
    free(u);
    free(d);
    if (pw) {
        memset(pw, 0, strlen(pw));
        free(pw);
    }
    B_END();
}

EXPORT BOOL CloseHandle(HANDLE hObject)
{
    B_BEGIN("CloseHandle");
    hentry *e = handle_get(hObject, H_TOKEN);
    if (!e)
        MISUSE("invalidHandle", E_INVALID_HANDLE);
    if (state_begin() == 0) {
        began = 1;
        FAULT(e->computer);
    }
    handle_close(e);
out:
    B_END();
}

/* ---------------- AuthZ ---------------- */

EXPORT BOOL AuthzInitializeResourceManager(DWORD Flags, void *pfnDynamicAccessCheck, void *pfnComputeDynamicGroups,
                                           void *pfnFreeDynamicGroups, const WCHAR *szResourceManagerName,
                                           HANDLE *phAuthzResourceManager)
{
    B_BEGIN("AuthzInitializeResourceManager");
    char num[32];
    snprintf(num, sizeof num, "0x%X", Flags);
    la_add(la, " flags=%s", num);
    (void)szResourceManagerName;
    if (!phAuthzResourceManager)
        MISUSE("nullPointer", E_INVALID_PARAMETER);
    *phAuthzResourceManager = NULL;
    if (Flags & ~0x7u)
        FAIL(E_INVALID_PARAMETER);
    if (pfnDynamicAccessCheck || pfnComputeDynamicGroups || pfnFreeDynamicGroups)
        FAIL(E_INVALID_PARAMETER); /* callbacks are not emulated */
    if (!(Flags & 0x1u))
        FAIL(E_PRIVILEGE_NOT_HELD); /* auditing needs SeAuditPrivilege, which the emulated caller lacks */
    if (state_begin() == 0) {
        began = 1;
        cJSON *c = local_computer();
        FAULT(c ? jstr(c, "name") : NULL);
    }
    *phAuthzResourceManager = handle_new(H_AUTHZ_RM);
out:
    B_END();
}

EXPORT BOOL AuthzInitializeContextFromSid(DWORD Flags, void *UserSid, HANDLE hAuthzResourceManager,
                                          int64_t *pExpirationTime, LUID Identifier, void *DynamicGroupArgs,
                                          HANDLE *phAuthzClientContext)
{
    B_BEGIN("AuthzInitializeContextFromSid");
    char sid[SIDSTR_MAX] = "";
    char **groups = NULL;
    int ngroups = 0;
    principal p;
    (void)pExpirationTime;
    (void)Identifier;
    (void)DynamicGroupArgs;
    if (!phAuthzClientContext)
        MISUSE("nullPointer", E_INVALID_PARAMETER);
    *phAuthzClientContext = NULL;
    if (!handle_get(hAuthzResourceManager, H_AUTHZ_RM))
        MISUSE("invalidHandle", E_INVALID_HANDLE);
    if (!sid_is_valid(UserSid) || sid_to_string(UserSid, sid, sizeof sid) != 0)
        MISUSE("invalidSid", E_INVALID_PARAMETER);
    la_add(la, " sid=%s", sid);
    if (Flags & ~0xEu)
        FAIL(E_INVALID_PARAMETER);
    STATE();
    cJSON *comp = local_computer();
    FAULT(comp ? jstr(comp, "name") : NULL);
    if (resolve_sid(comp, sid, &p) != R_FOUND || (p.use != SidTypeUser && p.use != SidTypeComputer))
        FAIL(E_NONE_MAPPED);
    if (p.isdomain && !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(state_domain(), "reachable")))
        FAIL(E_NO_LOGON_SERVERS);
    if (Flags & 0x2u) { /* AUTHZ_SKIP_TOKEN_GROUPS */
        groups = calloc(1, sizeof(char *));
        if (!groups)
            FAIL(E_NOT_ENOUGH_MEMORY);
        groups[0] = strdup(sid);
        ngroups = 1;
    } else {
        const char *extra[2] = {"S-1-1-0", "S-1-5-11"};
        ngroups = expand_groups(comp, sid, extra, 2, &groups);
    }
    HANDLE h = handle_new(H_AUTHZ_CTX);
    hentry *e = handle_get(h, H_AUTHZ_CTX);
    if (!e)
        FAIL(E_NOT_ENOUGH_MEMORY);
    e->sids = groups;
    e->nsids = ngroups;
    groups = NULL;
    ngroups = 0;
    *phAuthzClientContext = h;
out:
    free_strv(groups, ngroups);
    B_END();
}

EXPORT BOOL AuthzGetInformationFromContext(HANDLE hAuthzClientContext, int32_t InfoClass, DWORD BufferSize,
                                           DWORD *pSizeRequired, void *Buffer)
{
    B_BEGIN("AuthzGetInformationFromContext");
    hentry *e = handle_get(hAuthzClientContext, H_AUTHZ_CTX);
    uint8_t sb[68];
    char num[16];
    snprintf(num, sizeof num, "%d", InfoClass);
    la_add(la, " class=%s", num);
    if (!e)
        MISUSE("invalidHandle", E_INVALID_HANDLE);
    if (!pSizeRequired)
        MISUSE("nullPointer", E_INVALID_PARAMETER);
    if (state_begin() == 0) {
        began = 1;
        FAULT(NULL);
    }
    size_t size;
    if (InfoClass == 1) {
        size = sizeof(SID_AND_ATTRIBUTES) + (size_t)sid_from_string(e->sids[0], sb);
    } else if (InfoClass == 2) {
        size = 8;
        for (int i = 1; i < e->nsids; i++)
            size += sizeof(SID_AND_ATTRIBUTES) + (size_t)sid_from_string(e->sids[i], sb);
    } else {
        FAIL(E_INVALID_PARAMETER);
    }
    *pSizeRequired = (DWORD)size;
    if (!Buffer || BufferSize < size)
        FAIL(E_INSUFFICIENT_BUFFER);
    memset(Buffer, 0, size);
    if (InfoClass == 1) {
        SID_AND_ATTRIBUTES *sa = Buffer;
        uint8_t *cur = (uint8_t *)(sa + 1);
        int n = sid_from_string(e->sids[0], cur);
        sa->Sid = cur;
        sa->Attributes = 0;
        (void)n;
    } else {
        uint8_t *base = Buffer;
        DWORD count = (DWORD)(e->nsids - 1);
        memcpy(base, &count, 4);
        SID_AND_ATTRIBUTES *ga = (SID_AND_ATTRIBUTES *)(base + 8);
        uint8_t *cur = (uint8_t *)(ga + count);
        for (int i = 1; i < e->nsids; i++) {
            int n = sid_from_string(e->sids[i], cur);
            ga[i - 1].Sid = cur;
            ga[i - 1].Attributes = 0x7; /* MANDATORY | ENABLED_BY_DEFAULT | ENABLED */
            cur += n;
        }
    }
out:
    B_END();
}

EXPORT BOOL AuthzFreeContext(HANDLE hAuthzClientContext)
{
    B_BEGIN("AuthzFreeContext");
    hentry *e = handle_get(hAuthzClientContext, H_AUTHZ_CTX);
    if (!e)
        MISUSE("invalidHandle", E_INVALID_HANDLE);
    handle_close(e);
out:
    B_END();
}

EXPORT BOOL AuthzFreeResourceManager(HANDLE hAuthzResourceManager)
{
    B_BEGIN("AuthzFreeResourceManager");
    hentry *e = handle_get(hAuthzResourceManager, H_AUTHZ_RM);
    if (!e)
        MISUSE("invalidHandle", E_INVALID_HANDLE);
    handle_close(e);
out:
    B_END();
}

/* ---------------- NetApi ---------------- */

static int members_hit(cJSON *members, char **v, int n)
{
    for (int i = 0; i < n; i++)
        if (idx_has_string(members, v[i]))
            return 1;
    return 0;
}

EXPORT DWORD NetUserGetLocalGroups(const WCHAR *servername, const WCHAR *username, DWORD level, DWORD flags,
                                   uint8_t **bufptr, DWORD prefmaxlen, DWORD *entriesread, DWORD *totalentries)
{
    N_BEGIN("NetUserGetLocalGroups");
    char *srv = u16z_to_utf8(servername), *user = u16z_to_utf8(username);
    char **set = NULL;
    int nset = 0, cap = 0;
    cJSON *names = NULL;
    principal p;
    la_add(la, " server=%s", srv);
    la_add(la, " user=%s", user);
    if (bufptr)
        *bufptr = NULL;
    if (entriesread)
        *entriesread = 0;
    if (totalentries)
        *totalentries = 0;
    if (!bufptr || !entriesread || !totalentries || !user || !*user)
        FAIL(E_INVALID_PARAMETER);
    if (level != 0)
        FAIL(E_INVALID_LEVEL);
    if (flags & ~1u)
        FAIL(E_INVALID_PARAMETER);
    STATE();
    const char *s = srv ? srv : "";
    while (*s == '\\')
        s++;
    cJSON *comp = *s ? find_computer(s) : local_computer();
    if (!comp || !jtrue(comp, "reachable"))
        FAIL(E_RPC_S_SERVER_UNAVAILABLE);
    const char *cname = jstr(comp, "name");
    FAULT(cname);
    int ok;
    if (strchr(user, '\\'))
        ok = resolve_name(comp, user, 0, &p) == R_FOUND;
    else
        ok = find_user(comp, cname, user, &p) ||
             (computer_in_domain(comp) && find_user(comp, jstr(state_domain(), "name"), user, &p));
    if (!ok || p.use != SidTypeUser)
        FAIL(NERR_UserNotFound);
    if (p.isdomain && !jtrue(state_domain(), "reachable"))
        FAIL(NERR_DCNotFound);
    cap = 16;
    set = calloc((size_t)cap, sizeof(char *));
    if (!set)
        FAIL(E_NOT_ENOUGH_MEMORY);
    set[nset++] = strdup(p.sid);
    if ((flags & 1u) && p.isdomain) { /* LG_INCLUDE_INDIRECT: through (nested) global groups */
        int changed = 1;
        while (changed) {
            cJSON *a;
            changed = 0;
            cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(state_domain(), "accounts"))
            {
                const char *gs = jstr(a, "sid");
                int present = 0;
                if (strcmp(jstr(a, "type"), "user") == 0)
                    continue;
                for (int i = 0; i < nset; i++)
                    present |= strcmp(set[i], gs) == 0;
                if (!present && members_hit(cJSON_GetObjectItemCaseSensitive(a, "members"), set, nset)) {
                    if (nset == cap) {
                        char **ns = realloc(set, sizeof(char *) * (size_t)(cap * 2));
                        if (!ns)
                            FAIL(E_NOT_ENOUGH_MEMORY);
                        set = ns;
                        cap *= 2;
                    }
                    set[nset++] = strdup(gs);
                    changed = 1;
                }
            }
        }
    }
    names = cJSON_CreateArray();
    cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(comp, "accounts"))
        if (strcmp(jstr(a, "type"), "user") != 0 && members_hit(cJSON_GetObjectItemCaseSensitive(a, "members"), set, nset))
            cJSON_AddItemToArray(names, cJSON_CreateString(jstr(a, "name")));
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(comp, "builtin"))
        if (members_hit(a, set, nset))
            cJSON_AddItemToArray(names, cJSON_CreateString(a->string));
    int total = cJSON_GetArraySize(names), take = 0;
    size_t size = 0;
    cJSON *nm;
    cJSON_ArrayForEach(nm, names)
    {
        size_t es = sizeof(void *) + (utf8_to_u16(nm->valuestring, NULL, 0) + 1) * 2;
        if (prefmaxlen != 0xFFFFFFFFu && size + es > prefmaxlen)
            break;
        size += es;
        take++;
    }
    WCHAR **arr = tracked_alloc(A_NET, size + 8);
    if (!arr)
        FAIL(E_NOT_ENOUGH_MEMORY);
    WCHAR *cur = (WCHAR *)(arr + take);
    int k = 0;
    cJSON_ArrayForEach(nm, names)
    {
        if (k == take)
            break;
        size_t n = utf8_to_u16(nm->valuestring, cur, (size_t)-1);
        cur[n] = 0;
        arr[k++] = cur;
        cur += n + 1;
    }
    *bufptr = (uint8_t *)arr;
    *entriesread = (DWORD)take;
    *totalentries = (DWORD)total;
    if (take < total)
        err = E_MORE_DATA;
out:
    cJSON_Delete(names);
    free_strv(set, nset);
    free(srv);
    free(user);
    N_END();
}

/* NetLocalGroupGetMembers [NLGGM], level 0: LOCALGROUP_MEMBERS_INFO_0 {PSID}, one allocation (array, then SIDs). */
EXPORT DWORD NetLocalGroupGetMembers(const WCHAR *servername, const WCHAR *localgroupname, DWORD level, uint8_t **bufptr,
                                     DWORD prefmaxlen, DWORD *entriesread, DWORD *totalentries, uintptr_t *resumehandle)
{
    N_BEGIN("NetLocalGroupGetMembers");
    char *srv = u16z_to_utf8(servername), *group = u16z_to_utf8(localgroupname);
    cJSON *members = NULL;
    uint8_t sb[68];
    la_add(la, " server=%s", srv);
    la_add(la, " group=%s", group);
    if (bufptr)
        *bufptr = NULL;
    if (entriesread)
        *entriesread = 0;
    if (totalentries)
        *totalentries = 0;
    if (!bufptr || !entriesread || !totalentries || !group || !*group)
        FAIL(E_INVALID_PARAMETER);
    if (level != 0)
        FAIL(E_INVALID_LEVEL); /* levels 1-3 exist on Windows; only 0 is emulated */
    STATE();
    const char *s = srv ? srv : "";
    while (*s == '\\')
        s++;
    cJSON *comp = *s ? find_computer(s) : local_computer();
    if (!comp || !jtrue(comp, "reachable"))
        FAIL(E_RPC_S_SERVER_UNAVAILABLE);
    FAULT(jstr(comp, "name"));
    if (!jtrue(comp, "callerIsAdmin"))
        FAIL(E_ACCESS_DENIED);
    cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(comp, "accounts"))
        if (!members && strcmp(jstr(a, "type"), "user") != 0 && str_ieq(jstr(a, "name"), group))
            members = cJSON_GetObjectItemCaseSensitive(a, "members");
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(comp, "builtin"))
        if (!members && str_ieq(a->string, group))
            members = a;
    if (!members)
        FAIL(NERR_GroupNotFound);
    int total = cJSON_GetArraySize(members), start = resumehandle ? (int)*resumehandle : 0, take = 0;
    if (start < 0 || start > total)
        FAIL(E_INVALID_PARAMETER);
    size_t size = 0;
    for (int i = start; i < total; i++) {
        size_t es = sizeof(void *) + (size_t)sid_from_string(cJSON_GetArrayItem(members, i)->valuestring, sb);
        if (prefmaxlen != 0xFFFFFFFFu && take > 0 && size + es > prefmaxlen)
            break; /* at least one entry per call, so a caller always makes progress */
        size += es;
        take++;
    }
    void **arr = tracked_alloc(A_NET, size + 8);
    if (!arr)
        FAIL(E_NOT_ENOUGH_MEMORY);
    uint8_t *cur = (uint8_t *)(arr + take);
    for (int k = 0; k < take; k++) {
        int n = sid_from_string(cJSON_GetArrayItem(members, start + k)->valuestring, cur);
        arr[k] = cur;
        cur += n;
    }
    *bufptr = (uint8_t *)arr;
    *entriesread = (DWORD)take;
    *totalentries = (DWORD)(total - start);
    if (resumehandle)
        *resumehandle = start + take < total ? (uintptr_t)(start + take) : 0;
    if (start + take < total)
        err = E_MORE_DATA;
out:
    free(srv);
    free(group);
    N_END();
}

/* Shared by NetUserEnum [NUE] and NetLocalGroupEnum [NLGE], level 0: an array of one LPWSTR per entry
 * (USER_INFO_0 / LOCALGROUP_INFO_0), the strings after it, one allocation. `names` are UTF-8, in scenario order;
 * the resume handle is the next index (0 when done); prefmaxlen smaller than everything returns the entries that
 * fit (at least one) and ERROR_MORE_DATA. */
static DWORD enum_names(const char **names, int total, uint8_t **bufptr, DWORD prefmaxlen, DWORD *entriesread,
                        DWORD *totalentries, uintptr_t *resume)
{
    int start = resume ? (int)*resume : 0, take = 0;
    if (start < 0 || start > total)
        return E_INVALID_PARAMETER;
    size_t size = 0;
    for (int i = start; i < total; i++) {
        size_t es = sizeof(void *) + (strlen(names[i]) + 1) * sizeof(WCHAR);
        if (prefmaxlen != 0xFFFFFFFFu && take > 0 && size + es > prefmaxlen)
            break;
        size += es;
        take++;
    }
    WCHAR **arr = tracked_alloc(A_NET, size + 8);
    if (!arr)
        return E_NOT_ENOUGH_MEMORY;
    WCHAR *cur = (WCHAR *)(arr + take);
    for (int k = 0; k < take; k++) {
        size_t n = utf8_to_u16(names[start + k], cur, (size_t)-1);
        cur[n] = 0;
        arr[k] = cur;
        cur += n + 1;
    }
    *bufptr = (uint8_t *)arr;
    *entriesread = (DWORD)take;
    *totalentries = (DWORD)(total - start);
    if (resume)
        *resume = start + take < total ? (uintptr_t)(start + take) : 0;
    return start + take < total ? E_MORE_DATA : 0;
}

/* The computer a Net*Enum call addresses: NULL/empty = this computer, else `X` or `\\X`. */
static cJSON *enum_target(const char *srv)
{
    const char *s = srv ? srv : "";
    while (*s == '\\')
        s++;
    return *s ? find_computer(s) : local_computer();
}

/* NetUserEnum [NUE], level 0 (USER_INFO_0 {LPWSTR usri0_name}): the computer's user accounts. */
EXPORT DWORD NetUserEnum(const WCHAR *servername, DWORD level, DWORD filter, uint8_t **bufptr, DWORD prefmaxlen,
                         DWORD *entriesread, DWORD *totalentries, DWORD *resume_handle)
{
    N_BEGIN("NetUserEnum");
    char *srv = u16z_to_utf8(servername);
    const char **names = NULL;
    la_add(la, " server=%s", srv);
    char fbuf[16];
    snprintf(fbuf, sizeof fbuf, "%u", filter);
    la_add(la, " filter=%s", fbuf);
    if (bufptr)
        *bufptr = NULL;
    if (entriesread)
        *entriesread = 0;
    if (totalentries)
        *totalentries = 0;
    if (!bufptr || !entriesread || !totalentries)
        FAIL(E_INVALID_PARAMETER);
    if (level != 0)
        FAIL(E_INVALID_LEVEL); /* levels 1, 2, 3, 10, 11, 20 exist on Windows; only 0 is emulated */
    if (filter & ~0x3Bu)
        FAIL(E_INVALID_PARAMETER); /* FILTER_TEMP_DUPLICATE 1, NORMAL 2, INTERDOMAIN_TRUST 8, WORKSTATION 0x10, SERVER 0x20 */
    STATE();
    cJSON *comp = enum_target(srv);
    if (!comp || !jtrue(comp, "reachable"))
        FAIL(E_RPC_S_SERVER_UNAVAILABLE);
    FAULT(jstr(comp, "name"));
    if (srv && *srv && !jtrue(comp, "callerIsAdmin"))
        FAIL(E_ACCESS_DENIED); /* RestrictRemoteSam: remote SAM enumeration is for administrators */
    cJSON *accounts = cJSON_GetObjectItemCaseSensitive(comp, "accounts"), *a;
    int total = 0;
    names = calloc((size_t)cJSON_GetArraySize(accounts) + 1, sizeof(char *));
    if (!names)
        FAIL(E_NOT_ENOUGH_MEMORY);
    /* Every scenario user is a normal account: filter 0 (all) or one with FILTER_NORMAL_ACCOUNT lists them, a filter
     * for only trust, computer or duplicate accounts lists none. */
    if (filter == 0 || (filter & 2))
        cJSON_ArrayForEach(a, accounts) if (strcmp(jstr(a, "type"), "user") == 0) names[total++] = jstr(a, "name");
    uintptr_t resume = resume_handle ? *resume_handle : 0;
    err = enum_names(names, total, bufptr, prefmaxlen, entriesread, totalentries, resume_handle ? &resume : NULL);
    if (resume_handle && (err == 0 || err == E_MORE_DATA))
        *resume_handle = (DWORD)resume;
out:
    free(names);
    free(srv);
    N_END();
}

/* NetLocalGroupEnum [NLGE], level 0 (LOCALGROUP_INFO_0 {LPWSTR lgrpi0_name}): the computer's aliases, then the
 * BUILTIN ones, by name only (level 0 carries no domain). */
EXPORT DWORD NetLocalGroupEnum(const WCHAR *servername, DWORD level, uint8_t **bufptr, DWORD prefmaxlen,
                               DWORD *entriesread, DWORD *totalentries, uintptr_t *resumehandle)
{
    N_BEGIN("NetLocalGroupEnum");
    char *srv = u16z_to_utf8(servername);
    const char **names = NULL;
    la_add(la, " server=%s", srv);
    if (bufptr)
        *bufptr = NULL;
    if (entriesread)
        *entriesread = 0;
    if (totalentries)
        *totalentries = 0;
    if (!bufptr || !entriesread || !totalentries)
        FAIL(E_INVALID_PARAMETER);
    if (level != 0)
        FAIL(E_INVALID_LEVEL); /* level 1 (with the comment) exists on Windows; only 0 is emulated */
    STATE();
    cJSON *comp = enum_target(srv);
    if (!comp || !jtrue(comp, "reachable"))
        FAIL(E_RPC_S_SERVER_UNAVAILABLE);
    FAULT(jstr(comp, "name"));
    if (srv && *srv && !jtrue(comp, "callerIsAdmin"))
        FAIL(E_ACCESS_DENIED);
    cJSON *accounts = cJSON_GetObjectItemCaseSensitive(comp, "accounts"), *builtin = cJSON_GetObjectItemCaseSensitive(comp, "builtin"), *a;
    int total = 0;
    names = calloc((size_t)cJSON_GetArraySize(accounts) + (size_t)cJSON_GetArraySize(builtin) + 1, sizeof(char *));
    if (!names)
        FAIL(E_NOT_ENOUGH_MEMORY);
    cJSON_ArrayForEach(a, accounts) if (strcmp(jstr(a, "type"), "user") != 0) names[total++] = jstr(a, "name");
    cJSON_ArrayForEach(a, builtin) names[total++] = a->string;
    err = enum_names(names, total, bufptr, prefmaxlen, entriesread, totalentries, resumehandle);
out:
    free(names);
    free(srv);
    N_END();
}

EXPORT DWORD NetApiBufferFree(void *Buffer)
{
    N_BEGIN("NetApiBufferFree");
    if (!Buffer)
        goto out;
    switch (tracked_free(A_NET, Buffer)) {
    case 0:
        break;
    case 2:
        MISUSE("doubleFree", E_INVALID_PARAMETER);
    default:
        MISUSE("foreignFree", E_INVALID_PARAMETER);
    }
out:
    N_END();
}
