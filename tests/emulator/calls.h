/* Call bookkeeping of the exported functions that return a BOOL and report the Win32 error in errno (B_BEGIN/B_END)
 * or return a NET_API_STATUS / Win32 code and leave errno alone (N_BEGIN/N_END): lock, count the call, log one line
 * with its arguments (never a password), unlock. Used by logon.c and netuser.c; lsa.c has its own for NTSTATUS. */
#ifndef WINEMU_CALLS_H
#define WINEMU_CALLS_H

#include "winemu.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define B_BEGIN(fn)                                                                                                  \
    const char *FN = fn;                                                                                             \
    DWORD err = 0;                                                                                                   \
    int began = 0;                                                                                                   \
    char la[1536] = "";                                                                                              \
    emu_lock();                                                                                                      \
    stat_call(FN)

/* errno is set last, after every libc call (log, unlock), so nothing can clobber it. */
#define B_END()                                                                                                      \
    if (began)                                                                                                       \
        state_end();                                                                                                 \
    log_line("fn=%s%s result=%s error=%u", FN, la, err ? "FALSE" : "TRUE", err);                                     \
    emu_unlock();                                                                                                    \
    errno = (int)err;                                                                                                \
    return err ? 0 : 1

#define N_BEGIN(fn)                                                                                                  \
    int saved_errno = errno;                                                                                         \
    B_BEGIN(fn)

#define N_END()                                                                                                      \
    if (began)                                                                                                       \
        state_end();                                                                                                 \
    log_line("fn=%s%s status=%u", FN, la, err);                                                                      \
    emu_unlock();                                                                                                    \
    errno = saved_errno;                                                                                             \
    return err

#define FAIL(code)                                                                                                   \
    do {                                                                                                             \
        err = (DWORD)(code);                                                                                         \
        goto out;                                                                                                    \
    } while (0)

#define MISUSE(what, code)                                                                                           \
    do {                                                                                                             \
        stat_misuse(what);                                                                                           \
        FAIL(code);                                                                                                  \
    } while (0)

#define STATE()                                                                                                      \
    do {                                                                                                             \
        if (state_begin() != 0)                                                                                      \
            FAIL(E_INTERNAL_DB_ERROR);                                                                               \
        began = 1;                                                                                                   \
    } while (0)

#define FAULT(computer)                                                                                              \
    do {                                                                                                             \
        int hit_;                                                                                                    \
        long f_ = fault_check(FN, computer, &hit_);                                                                  \
        if (hit_)                                                                                                    \
            FAIL(f_);                                                                                                \
    } while (0)

static inline void la_add(char *la, const char *fmt, const char *v)
{
    size_t l = strlen(la);
    if (l < 1400)
        snprintf(la + l, 1536 - l, fmt, v ? v : "(null)");
}

#endif
