"""A reportlab canvas whose pages go to the output as they are finished.

reportlab keeps every page of a document in memory until ``save()``; a print
run of ten thousand badges should take the memory of one sheet.
"""

from typing import BinaryIO

from reportlab.pdfbase.pdfdoc import (
    PDFCatalog,
    PDFCrossReferenceTable,
    PDFDocument,
    PDFIndirectObject,
    PDFObjectReference,
    PDFPages,
    PDFTrailer,
)
from reportlab.pdfgen.canvas import Canvas


class StreamingDocument(PDFDocument):
    """reportlab keeps every finished page in memory until ``save()``; this
    document writes each page and its content stream to the output as soon as
    the page is done and keeps only its object number, so ten thousand badges
    take the memory of one sheet. What can only be written at the end stays
    for the end: the font subsets (known once every name is laid out), the
    shared forms, the page tree, the catalogue and the cross-reference table."""

    # Set by PDFDocument.__init__; types-reportlab does not declare them.
    _pdfVersion: tuple[int, int]
    Pages: PDFPages
    Catalog: PDFCatalog

    def __init__(self, output: BinaryIO, **options) -> None:
        super().__init__(**options)
        self._output = output
        self._offset = 0
        self._add(f"%PDF-{self._pdfVersion[0]}.{self._pdfVersion[1]}\n%\u0093\u008c\u008b\u009e eventapp\n".encode("latin-1"))

    def _add(self, data: bytes) -> int:
        offset = self._offset
        self._output.write(data)
        self._offset += len(data)
        return offset

    def _write_object(self, name: str) -> None:
        self.idToOffset[name] = self._add(PDFIndirectObject(name, self.idToObject[name]).format(self))

    def addPage(self, page) -> None:
        name = self.thisPageName()
        super().addPage(page)
        self._write_object(name)  # formatting the page registers its content stream
        contents = page.Contents.__InternalName__
        self._write_object(contents)
        # Nothing refers to the page or its stream by object any more, only
        # by name: drop them, so the document keeps only their numbers.
        del self.idToObject[name], self.idToObject[contents]
        self.Pages.pages[-1] = PDFObjectReference(name)

    def format(self) -> bytes:
        """Writes what is left and the cross-reference table; the output
        already holds everything, so there is nothing to return."""
        self.encrypt.prepare(self)
        self.Reference(self.Catalog)
        self.Reference(self.info)
        ids, number = [], 1
        while number in self.numberToId:
            name = self.numberToId[number]
            if name not in self.idToOffset:
                self._write_object(name)
            ids.append(name)
            number += 1
        table = PDFCrossReferenceTable()
        table.addsection(0, ids)
        start = self._add(table.format(self))
        trailer = PDFTrailer(
            startxref=start, Size=len(ids) + 1, Root=self.Reference(self.Catalog), Info=self.Reference(self.info), ID=self.ID()
        )
        self._add(trailer.format(self))
        return b""


def streaming_canvas(output: BinaryIO, page_size: tuple[float, float], initial_font: str) -> Canvas:
    """A canvas (pages compressed) that writes to ``output`` page by page;
    ``initial_font`` must be a registered TrueType font."""
    # The canvas makes its own document; ours replaces it before anything is
    # drawn. Starting in a TrueType font (embedded on demand) leaves nothing of
    # the first document in the page preamble, unlike the default Helvetica.
    # types-reportlab types initialFontName as a number and does not declare the
    # canvas's document (_doc); reportlab takes a font name and has the attribute.
    canvas = Canvas(output, pagesize=page_size, pageCompression=1, initialFontName=initial_font)  # type: ignore[arg-type]
    canvas._doc = StreamingDocument(output, compression=1, invariant=canvas._doc.invariant)  # type: ignore[attr-defined]
    return canvas
