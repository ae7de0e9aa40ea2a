"""WARC files: the records of an HTTP exchange (``records``), files on disk
with their rotation and durability (``files``), reading a file to its end
(``scan``), closing what a killed crawl left open (``recovery``), the CDXJ
index replay tools read (``index``) and the archived pages of a file
(``pages``).  Plain functions over streams, on warcio."""
