# Sourced by ./test.sh MODE (asan or tsan): the build directory, meson
# options and sanitizer run-time options of a sanitizer build.  Sets builddir,
# setup_args and test_args, exports the *SAN_OPTIONS, and defines
# sanitize_prepare (run after the build) and sanitize_check_logs, which fails
# when any process wrote a report: a report from a program whose exit status
# a test ignores still counts.
supp=$top/tests/sanitizers
case $1 in
  asan)
    builddir=$top/_build-asan
    setup_args+=(-Db_sanitize=address,undefined
                 "-Dc_args=-fno-sanitize-recover=all -fno-omit-frame-pointer")
    test_args+=(--timeout-multiplier 4)
    export BELIEF_SETUP_PACKAGES="libasan8:/usr/lib/x86_64-linux-gnu/libasan.so.8
      libubsan1:/usr/lib/x86_64-linux-gnu/libubsan.so.1"
    ;;
  tsan)
    builddir=$top/_build-tsan
    # clang: gcc 12 instruments the resolvers of target_clones functions
    # (src/core), which then run before ThreadSanitizer is up and crash.
    # Not --werror: clang warns where gcc (the build of ./test.sh) does not.
    export CC=clang BELIEF_SETUP_PACKAGES="clang:clang
      libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.tsan-x86_64.a"
    setup_args=(-Db_sanitize=thread -Db_lundef=false "-Dc_args=-fno-omit-frame-pointer")
    test_args+=(--timeout-multiplier 10)
    export SANITIZE_PRELOAD=$builddir/tsan-glib.so
    ;;
esac
test_args+=(--wrapper "$top/build-aux/sanitize-test")
logs=$builddir/sanitizer-logs
rm -rf "$logs"; mkdir -p "$logs"

# Reports go to $logs/report.<program>.<pid> (printed at the end; the
# failing test says which).  GLib's slice allocator would hide
# use-after-free and leaks of its blocks: plain malloc instead.
export G_SLICE=always-malloc
common=log_path=$logs/report:log_exe_name=1
export ASAN_OPTIONS=$common:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1
export LSAN_OPTIONS=$common:suppressions=$supp/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=$common:halt_on_error=1:print_stacktrace=1
export TSAN_OPTIONS=$common:suppressions=$supp/tsan.supp:print_suppressions=0:second_deadlock_stack=1

sanitize_prepare () {
  [[ $mode == tsan ]] || return 0
  gcc -shared -fPIC -O2 $(pkg-config --cflags gio-2.0) \
    "$supp/tsan-glib.c" -o "$builddir/tsan-glib.so" -ldl
}

sanitize_check_logs () {
  local reports=("$logs"/report.*)
  [[ -e ${reports[0]} ]] || { echo "No sanitizer report."; return 0; }
  echo "Sanitizer reports (${#reports[@]}) in $logs:"
  head -n 60 "${reports[@]}"
  return 1
}
