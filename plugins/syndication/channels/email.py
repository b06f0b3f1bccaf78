"""Press release by e-mail to partner desks (``content/data/mitra.toml``), over SMTP.

One message per (story, partner): an Indonesian plain-text body with an HTML alternative
(headline, lead, full text, photo credits, link, newsroom contact), the large JPEG of each photo
attached while the total stays under ``attachment_cap_mb`` (else linked), and the headers a
well-behaved sender sets: ``Message-ID`` (stable per story and partner, so a resend after an
in-doubt delivery carries the same id — RFC 5322 §3.6.4), ``Date``, ``Reply-To``, ``List-Id``
(RFC 2919), ``List-Unsubscribe`` with a mailto and an https URI (RFC 2369) and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058, only with an https URI).

Transport (stdlib ``smtplib``, checked against the Python docs): EHLO, ``STARTTLS`` with
certificate verification (required; it may be switched off only for a loopback test server),
EHLO again, ``AUTH`` when a username is set, then one ``send_message`` per partner. Reply codes
(RFC 5321 §4.2): 4yz = try again later, 5yz = refused; 535 = wrong credentials.

Environment: ``SYNDICATION_EMAIL_HOST``, ``_PORT`` (587), ``_USERNAME``, ``_PASSWORD``, ``_FROM``,
``_STARTTLS`` (1; 0 only for 127.0.0.1), ``_CA_FILE`` (extra trusted CA, optional),
``_REPLY_TO``, ``_UNSUBSCRIBE_URL`` (https, ``{mitra}`` is replaced by the partner key; must
accept the one-click POST), ``_UNSUBSCRIBE_MAILTO``.
"""

from __future__ import annotations

import html
import mimetypes
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

import lxml.html
from newsroom.dates import tanggal_jam

from ..errors import AuthError, PermanentError, TransientError
from ..partners import LOOPBACK, Partner
from ..story import Story
from . import register
from .base import Post
from .partner_base import WIB, PartnerChannel, delivery_id

BLOCKS = ("p", "h2", "h3", "h4", "li", "blockquote", "figcaption", "pre", "td")
DEFAULT_CAP_MB = 10.0


def html_to_text(fragment: str) -> str:
    """Plain text of an article's HTML: one paragraph per block, list items with a dash."""
    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    paragraphs = []
    for element in root.iter(*BLOCKS):
        if any(a.tag in BLOCKS for a in element.iterancestors()):
            continue  # nested block: its text is in the outer one
        text = " ".join(element.text_content().split())
        if text:
            paragraphs.append(f"- {text}" if element.tag == "li" else text)
    return "\n\n".join(paragraphs) or " ".join(root.text_content().split())


def flag(value: str | None, default: bool = True) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() not in {"0", "no", "false", "off", "tidak"}


@register
class EmailChannel(PartnerChannel):
    name: ClassVar[str] = "email"
    label: ClassVar[str] = "Email mitra"
    required: ClassVar[tuple[str, ...]] = ("host", "from")
    secrets: ClassVar[tuple[str, ...]] = ("password",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        opts = self.options
        self.output = Path(opts.get("output_path", "output"))
        self.cap = int(float(opts.get("attachment_cap_mb", DEFAULT_CAP_MB)) * 1024 * 1024)
        self.org = str(opts.get("organization", "Sudin Kominfotik Jakarta Utara"))
        self.contact: dict[str, str] = dict(opts.get("contact") or {})
        self.rights = str(opts.get("rights", ""))
        self.port = int(self.env.get("port", "587"))
        self.starttls = flag(self.env.get("starttls"))

    def serves(self, partner: Partner) -> bool:
        return bool(partner.emails)

    def address(self, partner: Partner) -> str:
        return ", ".join(partner.emails)

    # --- what is sent ---------------------------------------------------------------------
    def payload(self, story: Story) -> tuple[str, dict[str, Any]]:
        item = story.feed_item or {}
        body_html = item.get("content_html") or f"<p>{html.escape(story.summary)}</p>"
        photos = [
            {
                "path": p.path,
                "url": p.url,
                "caption": p.caption or p.alt,
                "credit": p.credit,
                "filename": Path(p.path or p.url).name,
            }
            for p in story.photos
        ]
        extra = {
            "subject": f"Siaran Pers: {story.title}",
            "title": story.title,
            "summary": story.summary,
            "when": tanggal_jam(story.date),
            "html": body_html,
            "photos": photos,
            "full_text": bool(item.get("content_html")),
        }
        return html_to_text(body_html), extra

    def describe(self, post: Post) -> list[str]:
        lines = [f"subjek: {post.extra['subject']}"]
        lines += [
            f"foto: {p['url']} ({p['credit'] or 'tanpa kredit'})" for p in post.extra["photos"]
        ]
        if not post.extra.get("full_text"):
            lines.append("(isi lengkap belum ada: bangun versi produksi dulu)")
        return lines

    def attachments(
        self, post: Post, partner: Partner
    ) -> tuple[list[tuple[dict, bytes]], list[dict]]:
        """Photos to attach (within the size cap, if the partner wants files) and to link."""
        attached: list[tuple[dict, bytes]] = []
        linked: list[dict] = []
        total = 0
        for photo in post.extra["photos"]:
            path = self.output / photo["path"] if photo["path"] else None
            size = path.stat().st_size if path is not None and path.is_file() else -1
            if partner.attach and size >= 0 and total + size <= self.cap:
                attached.append((photo, path.read_bytes()))  # type: ignore[union-attr]
                total += size
            else:
                linked.append(photo)
        return attached, linked

    def render(
        self, post: Post, partner: Partner, attached: list[dict], linked: list[dict]
    ) -> tuple[str, str]:
        """Plain text and HTML of the release for one partner."""
        ex = post.extra
        credits = [
            f"- {p['caption']}"
            + (f" (Foto: {p['credit']})" if p["credit"] else "")
            + (f" — terlampir: {p['filename']}" if p in attached else f" — unduh: {p['url']}")
            for p in [*attached, *linked]
        ]
        contact = [v for k in ("name", "email", "phone", "address") if (v := self.contact.get(k))]
        unsubscribe = self.unsubscribe_url(partner)
        text = "\n\n".join(
            part
            for part in (
                f"SIARAN PERS — {self.org}\n{ex['when']}",
                ex["title"].upper(),
                ex["summary"],
                post.text,
                ("Foto:\n" + "\n".join(credits)) if credits else "",
                f"Berita lengkap: {post.link}",
                ("Kontak redaksi:\n" + "\n".join(contact)) if contact else "",
                self.rights,
                f"--\nEmail ini dikirim ke {partner.name} sebagai media mitra {self.org}. "
                "Untuk berhenti menerima siaran pers, balas email ini dengan kata BERHENTI"
                + (f" atau buka {unsubscribe}" if unsubscribe else "")
                + ".",
            )
            if part
        )
        esc = html.escape
        photo_items = "".join(
            f"<li>{esc(p['caption'])}"
            + (f" (Foto: {esc(p['credit'])})" if p["credit"] else "")
            + (
                f" — terlampir: {esc(p['filename'])}"
                if p in attached
                else f' — <a href="{esc(p["url"])}">unduh foto</a>'
            )
            + "</li>"
            for p in [*attached, *linked]
        )
        body = "".join(
            [
                f'<p style="color:#555">SIARAN PERS — {esc(self.org)}<br>{esc(ex["when"])}</p>',
                f"<h1>{esc(ex['title'])}</h1>",
                f"<p><strong>{esc(ex['summary'])}</strong></p>",
                ex["html"],
                f"<h2>Foto</h2><ul>{photo_items}</ul>" if photo_items else "",
                f'<p>Berita lengkap: <a href="{esc(post.link)}">{esc(post.link)}</a></p>',
                "<p>Kontak redaksi:<br>" + "<br>".join(esc(c) for c in contact) + "</p>"
                if contact
                else "",
                f"<p><small>{esc(self.rights)}</small></p>" if self.rights else "",
                '<hr><p style="color:#555"><small>'
                f"Email ini dikirim ke {esc(partner.name)} sebagai media mitra {esc(self.org)}. "
                "Untuk berhenti, balas dengan kata BERHENTI"
                + (
                    f' atau <a href="{esc(unsubscribe)}">berhenti berlangganan</a>'
                    if unsubscribe
                    else ""
                )
                + ".</small></p>",
            ]
        )
        page = (
            '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
            f"<title>{esc(ex['subject'])}</title></head>"
            '<body style="font-family:Arial,sans-serif;line-height:1.5;max-width:40em">'
            f"{body}</body></html>"
        )
        return text, page

    # --- addresses and headers -----------------------------------------------------------------
    @property
    def sender(self) -> Address:
        return Address(addr_spec=self.env.get("from", "kabar@localhost"))

    def reply_to(self) -> str:
        return self.env.get("reply_to") or self.contact.get("email") or self.sender.addr_spec

    def unsubscribe_url(self, partner: Partner) -> str:
        url = self.env.get("unsubscribe_url", "")
        return url.replace("{mitra}", quote(partner.key)) if url.startswith("https://") else ""

    def message(
        self, post: Post, partner: Partner, ident: str, now: datetime | None = None
    ) -> EmailMessage:
        """The complete message for one partner."""
        attached, linked = self.attachments(post, partner)
        text, page = self.render(post, partner, [p for p, _ in attached], linked)
        domain = self.sender.domain or "localhost"
        msg = EmailMessage()
        msg["From"] = formataddr((self.org, self.sender.addr_spec))
        msg["To"] = ", ".join(formataddr((partner.name, a)) for a in partner.emails)
        msg["Subject"] = post.extra["subject"]
        msg["Date"] = format_datetime(now or datetime.now(WIB))
        msg["Message-ID"] = f"<{ident}@{domain}>"
        msg["Reply-To"] = self.reply_to()
        msg["List-Id"] = f"Siaran pers {self.org} <siaran-pers.{domain}>"
        mailto = self.env.get("unsubscribe_mailto") or self.reply_to()
        targets = [f"<mailto:{mailto}?subject={quote('BERHENTI ' + partner.key)}>"]
        if url := self.unsubscribe_url(partner):
            targets.append(f"<{url}>")
            msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        msg["List-Unsubscribe"] = ", ".join(targets)
        msg.set_content(text)
        msg.add_alternative(page, subtype="html")
        for photo, data in attached:
            mime = mimetypes.guess_type(photo["filename"])[0] or "image/jpeg"
            maintype, _, subtype = mime.partition("/")
            msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=photo["filename"])
        return msg

    def outbox_request(self, post: Post) -> dict[str, Any]:
        messages = []
        for key in post.extra["mitra"]:
            partner = self.partner(key)
            if partner is None:
                continue
            msg = self.message(post, partner, delivery_id(post.story_id, key))
            messages.append(
                {
                    "mitra": key,
                    "headers": {k: str(v) for k, v in msg.items()},
                    "text": msg.get_body(("plain",)).get_content(),  # type: ignore[union-attr]
                    "lampiran": [
                        part.get_filename()
                        for part in msg.iter_attachments()
                        if part.get_filename()
                    ],
                }
            )
        return {
            "post": {k: v for k, v in post.as_dict().items() if k != "extra"},
            "messages": messages,
        }

    # --- SMTP ----------------------------------------------------------------------------------
    @contextmanager
    def session(self) -> Iterator[smtplib.SMTP]:
        host = self.env.get("host", "")
        if not self.starttls and host not in LOOPBACK:
            raise AuthError(
                "Email mitra: STARTTLS hanya boleh dimatikan untuk server lokal. Hapus "
                "SYNDICATION_EMAIL_STARTTLS=0 (kata sandi tidak boleh dikirim tanpa enkripsi)"
            )
        try:
            smtp = smtplib.SMTP(host, self.port, timeout=self.timeout)
        except (OSError, smtplib.SMTPException) as exc:
            raise TransientError(
                f"Email mitra: server SMTP {host}:{self.port} tidak bisa dihubungi",
                code="connection",
                detail=f"{type(exc).__name__}: {exc}",
            ) from None
        try:
            self._secure_and_login(smtp, host)
            yield smtp
        finally:
            with suppress(smtplib.SMTPException, OSError):
                smtp.quit()
            smtp.close()

    def _secure_and_login(self, smtp: smtplib.SMTP, host: str) -> None:
        try:
            smtp.ehlo()
            if self.starttls:
                if not smtp.has_extn("starttls"):
                    raise AuthError(
                        f"Email mitra: server {host} tidak menawarkan STARTTLS. Pakai server/port "
                        "pengiriman yang mendukungnya (biasanya 587) di "
                        "SYNDICATION_EMAIL_HOST/_PORT"
                    )
                context = ssl.create_default_context(cafile=self.env.get("ca_file") or None)
                smtp.starttls(context=context)
                smtp.ehlo()
            if self.env.get("username"):
                smtp.login(self.env["username"], self.env.get("password", ""))
        except smtplib.SMTPAuthenticationError as exc:
            raise AuthError(
                "Email mitra: server SMTP menolak nama pengguna/kata sandi. Periksa "
                "SYNDICATION_EMAIL_USERNAME dan SYNDICATION_EMAIL_PASSWORD",
                code=str(exc.smtp_code),
                detail=_reply(exc.smtp_error),
            ) from None
        except ssl.SSLCertVerificationError as exc:
            raise AuthError(
                f"Email mitra: sertifikat TLS server {host} tidak sah ({exc.verify_message}). "
                "Periksa SYNDICATION_EMAIL_HOST (nama harus sama dengan sertifikat)",
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise TransientError(
                f"Email mitra: sambungan ke server SMTP {host} gagal",
                code="connection",
                detail=f"{type(exc).__name__}: {exc}",
            ) from None

    def send(self, session: Any, post: Post, partner: Partner, ident: str) -> dict[str, Any]:
        msg = self.message(post, partner, ident)
        try:
            refused = session.send_message(
                msg, from_addr=self.sender.addr_spec, to_addrs=list(partner.emails)
            )
        except smtplib.SMTPRecipientsRefused as exc:
            codes = {code for code, _ in exc.recipients.values()}
            detail = "; ".join(f"{a}: {c} {_reply(m)}" for a, (c, m) in exc.recipients.items())
            if all(400 <= c < 500 for c in codes):
                raise TransientError(
                    f"Email mitra: server menunda alamat {partner.name}", code="4xx", detail=detail
                ) from None
            raise PermanentError(
                f"Email mitra: alamat {', '.join(partner.emails)} ditolak server penerima",
                code="5xx",
                detail=detail,
            ) from None
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            sender = isinstance(exc, smtplib.SMTPSenderRefused)
            code, detail = str(exc.smtp_code), _reply(exc.smtp_error)
            if 400 <= exc.smtp_code < 500:
                what = "pengirim" if sender else "pesan"
                raise TransientError(
                    f"Email mitra: server menunda {what}", code=code, detail=detail
                ) from None
            if sender:
                raise AuthError(
                    f"Email mitra: alamat pengirim {self.sender.addr_spec} ditolak server SMTP. "
                    "Periksa SYNDICATION_EMAIL_FROM (harus alamat yang boleh dipakai akun ini)",
                    code=code,
                    detail=detail,
                ) from None
            raise PermanentError(
                f"Email mitra: pesan untuk {partner.name} ditolak (mis. terlalu besar: turunkan "
                'attachment_cap_mb atau pakai lampiran = "tautan")',
                code=code,
                detail=detail,
            ) from None
        except (TimeoutError, smtplib.SMTPServerDisconnected, OSError) as exc:
            raise TransientError(
                "Email mitra: sambungan SMTP putus saat mengirim",
                code="connection",
                detail=f"{type(exc).__name__}: {exc}",
                maybe_delivered=True,
            ) from None
        receipt: dict[str, Any] = {"message_id": msg["Message-ID"]}
        if refused:
            receipt["refused"] = {a: f"{c} {_reply(m)}" for a, (c, m) in refused.items()}
        return receipt


def _reply(message: bytes | str) -> str:
    return message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
