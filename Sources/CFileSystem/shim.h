// CFileSystem: exclusive and exchanging renames, which Swift's Glibc module does not expose
// (glibc declares renameat2 only under _GNU_SOURCE). This module provides no stable Swift API.
// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef CFILESYSTEM_SHIM_H
#define CFILESYSTEM_SHIM_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>

#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
#endif

/// How `policysim_rename` treats an existing destination.
enum {
    /// Replace it, as rename(2) does (an empty folder only, for folders).
    POLICYSIM_RENAME_PLAIN = 0,
    /// Fail with EEXIST if the destination exists.
    POLICYSIM_RENAME_NOREPLACE = 1,
    /// Swap source and destination atomically; both must exist.
    POLICYSIM_RENAME_EXCHANGE = 2,
};

/// rename(2) with a mode; returns 0, or -1 with errno set. Where the system or the file system
/// lacks the mode, errno is EINVAL, ENOSYS or ENOTSUP and the caller falls back.
static inline int policysim_rename(const char *from, const char *to, int mode) {
    if (mode == POLICYSIM_RENAME_PLAIN) return rename(from, to);
#if defined(__linux__) && defined(SYS_renameat2)
    /* Values of RENAME_NOREPLACE and RENAME_EXCHANGE in <linux/fs.h>. */
    unsigned int flags = mode == POLICYSIM_RENAME_NOREPLACE ? 1u : 2u;
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
#elif defined(__APPLE__)
    return renamex_np(from, to, mode == POLICYSIM_RENAME_NOREPLACE ? RENAME_EXCL : RENAME_SWAP);
#else
    errno = ENOSYS;
    return -1;
#endif
}

#endif
