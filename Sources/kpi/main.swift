import KPICommands

#if os(Linux)
  /// glibc's `mallopt` (malloc.h is not part of the Glibc module).
  @_silgen_name("mallopt")
  func mallopt(_ parameter: Int32, _ value: Int32) -> Int32

  // The fast readers take and give back blocks of a few megabytes at a time. By default
  // glibc maps each such block fresh from the kernel and unmaps it when freed, so every page
  // of every block is faulted in and zeroed again; keeping freed memory in the heap for
  // reuse (blocks up to 64 MB; trimmed only above 128 MB free) saves that work.
  let mallocMmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
  let mallocTrimThreshold: Int32 = -1  // M_TRIM_THRESHOLD
  _ = mallopt(mallocMmapThreshold, 64 << 20)
  _ = mallopt(mallocTrimThreshold, 128 << 20)
#endif

KPICommand.main()
