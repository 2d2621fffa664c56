// Not a plugin (NotAPlugin): a shared library like any other, without a manifest.
extern "C" __attribute__((visibility("default"))) int userservice_fixture_no_manifest()
{
    return 42;
}
