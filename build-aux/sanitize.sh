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
      libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.tsan-x86_64.a
      dpkg-dev:dpkg-source"
    setup_args=(-Db_sanitize=thread -Db_lundef=false "-Dc_args=-fno-omit-frame-pointer")
    test_args+=(--timeout-multiplier 10)
    export SANITIZE_PRELOAD=$builddir/tsan-glib.so
    # GLib's own locks made visible too (sanitize_build_glib); sanitize-test
    # puts these libraries first.
    export SANITIZE_LIBRARY_PATH=$builddir/glib-plt/build/glib:$builddir/glib-plt/build/gobject:$builddir/glib-plt/build/gio:$builddir/glib-plt/build/gmodule:$builddir/glib-plt/build/gthread
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
  sanitize_build_glib
}

# The system's libglib is linked with -Bsymbolic-functions: its calls to its
# own g_mutex_lock & co are bound inside the library, past tsan-glib.c, so
# ThreadSanitizer cannot see the locks GLib takes internally, and data GLib
# guards with them look raced (a GMainContext's table of sources, resized
# under the context's mutex by whichever thread attaches or removes a source;
# the user directories built under G_LOCK (g_utils_global)).  So the TSan run
# uses the installed GLib's own Debian source and version, built without that
# option and not instrumented: a drop-in copy whose internal calls come
# through tsan-glib.c like everyone else's.  Built once per build directory
# (a few minutes), into $builddir/glib-plt.
sanitize_build_glib () {
  local dir=$builddir/glib-plt version apt dsc
  version=$(dpkg-query -W -f='${source:Version}' libglib2.0-0)
  [[ $(cat "$dir/version" 2>/dev/null) == "$version" ]] && return 0
  echo "Building GLib $version without -Bsymbolic-functions for ThreadSanitizer (once)..."
  rm -rf "$dir"
  mkdir -p "$dir/apt/lists/partial" "$dir/apt/parts"
  # deb-src lists of our own: the system's apt configuration is left alone
  (
    . /etc/os-release
    case $ID in
      debian) echo "Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $VERSION_CODENAME $VERSION_CODENAME-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: $VERSION_CODENAME-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" ;;
      ubuntu) echo "Types: deb-src
URIs: http://archive.ubuntu.com/ubuntu
Suites: $VERSION_CODENAME $VERSION_CODENAME-updates $VERSION_CODENAME-security
Components: main
Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg" ;;
      *) echo "sanitize.sh: GLib's source: only Debian and Ubuntu are known" >&2; exit 1 ;;
    esac
  ) > "$dir/apt/glib.sources"
  apt=(apt-get -qq -o "Dir::Etc::sourcelist=$dir/apt/glib.sources"
       -o "Dir::Etc::sourceparts=$dir/apt/parts" -o "Dir::State::Lists=$dir/apt/lists"
       -o APT::Sandbox::User="$(id -un)")
  "${apt[@]}" update
  (cd "$dir" && "${apt[@]}" source --download-only "glib2.0=$version") >/dev/null
  # apt-get checked the files against the signed Sources index; dpkg-source
  # would also want debian-keyring for the .dsc's own signature
  dsc=("$dir"/glib2.0_*.dsc)
  dpkg-source --no-check -x "${dsc[0]}" "$dir/src" >/dev/null
  # the paths (modules, schemas, locale) and features of Debian's build
  CC=gcc meson setup "$dir/build" "$dir/src" --wrap-mode=nodownload \
    --prefix=/usr --libdir="lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)" \
    --buildtype=plain -Dc_args="-O2 -g -fno-omit-frame-pointer" \
    -Dbsymbolic_functions=false -Dlibmount=enabled -Dselinux=enabled -Dxattr=true \
    -Dlibelf=disabled -Dsystemtap=false -Ddtrace=false \
    -Dtests=false -Dinstalled_tests=false -Dman=false -Dgtk_doc=false >/dev/null
  meson compile -C "$dir/build" glib-2.0 gobject-2.0 gio-2.0 gmodule-2.0 gthread-2.0 >/dev/null
  # the point of it: GLib's calls to its own locks go through the PLT
  if ! readelf -rW "$dir/build/glib/libglib-2.0.so.0" | grep 'JUMP_SLOT.* g_mutex_lock\b' >/dev/null; then
    echo "sanitize.sh: the GLib built in $dir still binds g_mutex_lock internally" >&2
    return 1
  fi
  echo "$version" > "$dir/version"
}

sanitize_check_logs () {
  local reports=("$logs"/report.*)
  [[ -e ${reports[0]} ]] || { echo "No sanitizer report."; return 0; }
  echo "Sanitizer reports (${#reports[@]}) in $logs:"
  head -n 60 "${reports[@]}"
  return 1
}
