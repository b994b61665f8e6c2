"""Certificates (证书): one per granted tenure, issued in the approving act's transaction
(`issuing.issue_certificate`, called by tenure.granting.begin_tenure). A certificate has a
gap-free number per programme and year (`CertificateCounter`, its row locked while issuing), a
PDF stored once at issue (holder, programme, number, dates, and a QR code of its public
verification address), and a verification code of 192 random bits that only the PDF carries:
the database keeps its SHA-256 (`codes`), so neither a database reader nor anyone trying codes
learns a valid one.

Its state is the tenure's (`Certificate.state`): 有效 while the tenure is active and in its
term, 已过期 once it has expired (or its last day has passed before the beat ran), 已撤销 when
revoked, 已换发 when a renewal replaced it. Who may see and download it is `rules` (the holder's
organisation, the owning department); the public page `/verify/<code>/` reads through
`verification.lookup` alone and shows only holder, programme, number, dates and state."""
