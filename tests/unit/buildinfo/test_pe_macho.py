"""Build info from PE and Mach-O files (crafted: no toolchain here links for Windows or
macOS by default), and the malformed files debug/pe and debug/macho refuse.  The real
``go version -m`` gives the same answers (tests/integration/test_buildinfo_crafted_exe.py)."""

from __future__ import annotations

import pytest

from gover.buildinfo import NotGoBinary, read_bytes
from gover.buildinfo.raw import open_exe
from tests.support import craft_exe

VARIANTS = craft_exe.variants()


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant(name: str) -> None:
    data, want = VARIANTS[name]
    if want.startswith("go"):
        bi = read_bytes(data, name)
        assert (bi.go_version, bi.path, bi.setting("GOOS")) == (want, "example.com/cmd", "windows")
    else:
        with pytest.raises(NotGoBinary) as e:
            read_bytes(data, name)
        assert e.value.message == f"could not read Go build info from {name}: {want}"


def test_the_pe_image_base_is_subtracted() -> None:
    exe = open_exe(_reader(VARIANTS["pe64"][0]))
    addr, size = exe.data_start()
    assert addr == 0x140000000 + 2 * craft_exe.SECTION_VA  # .data is the second section
    assert size == len(craft_exe.blob())  # the section's virtual size
    assert exe.format == "pe"


def test_the_mach_o_section_is_preferred_to_the_segment() -> None:
    with_section = open_exe(_reader(VARIANTS["macho64"][0]))
    without = open_exe(_reader(VARIANTS["macho-rw-segment"][0]))
    assert with_section.data_start()[0] == without.data_start()[0] == 0x100004000
    assert with_section.format == without.format == "macho"


def test_truncated_files_are_refused_not_crashed() -> None:
    """Whatever Go says of a cut file, gover must say it with NotGoBinary, never crash."""
    for name, (data, want) in VARIANTS.items():
        if not want.startswith("go"):
            continue
        for cut in (20, 64, 200, len(data) // 2):
            with pytest.raises(NotGoBinary):
                read_bytes(data[:cut], name)


def _reader(data: bytes):  # type: ignore[no-untyped-def]
    from gover.buildinfo.goio import BytesReader

    return BytesReader(data)
