/*
 * Indonesian (Bahasa Indonesia) phrases for the Decap CMS interface: decap-cms-locales 3.x ships
 * no "id" locale. Same keys as decap-cms-locales/src/en, registered as "id" and selected by
 * `locale: id` in config.yml. Plain words for reporters, not developers.
 */
(function () {
  "use strict";
  var id = {
    auth: {
      login: "Masuk",
      loggingIn: "Sedang masuk...",
      loginWithNetlifyIdentity: "Masuk dengan Netlify Identity",
      loginWithAzure: "Masuk dengan Azure",
      loginWithBitbucket: "Masuk dengan Bitbucket",
      loginWithGitHub: "Masuk dengan GitHub",
      loginWithGitLab: "Masuk dengan GitLab",
      loginWithGitea: "Masuk dengan Gitea",
      loginWithForgejo: "Masuk dengan Forgejo",
      errors: {
        email: "Isi alamat surel Anda.",
        password: "Isi kata sandi Anda.",
        identitySettings:
          "Pengaturan identitas tidak dapat dibuka. Untuk backend git-gateway, aktifkan layanan Identity dan Git Gateway."
      }
    },
    app: {
      header: {
        content: "Konten",
        workflow: "Alur redaksi",
        media: "Media",
        quickAdd: "Tulis baru"
      },
      app: {
        errorHeader: "Pengaturan CMS gagal dimuat",
        configErrors: "Kesalahan pengaturan",
        checkConfigYml: "Periksa berkas config.yml (dibuat oleh plugins/cms saat build).",
        loadingConfig: "Memuat pengaturan...",
        waitingBackend: "Menunggu server..."
      },
      notFoundPage: { header: "Halaman tidak ditemukan" }
    },
    collection: {
      sidebar: {
        collections: "Koleksi",
        allCollections: "Semua koleksi",
        searchAll: "Cari di semua koleksi",
        searchIn: "Cari di"
      },
      collectionTop: {
        sortBy: "Urutkan",
        viewAs: "Tampilan",
        viewAsList: "Tampilan daftar",
        viewAsGrid: "Tampilan kisi",
        newButton: "＋ %{collectionLabel} baru",
        newButtonAriaLabel: "Buat %{collectionLabel} baru",
        ascending: "Naik",
        descending: "Turun",
        searchResults: "Hasil pencarian \"%{searchTerm}\"",
        searchResultsInCollection: "Hasil pencarian \"%{searchTerm}\" di %{collection}",
        filterBy: "Saring",
        groupBy: "Kelompokkan"
      },
      entries: {
        loadingEntries: "Memuat isi...",
        cachingEntries: "Menyiapkan isi...",
        longerLoading: "Ini bisa memakan waktu beberapa menit",
        noEntries: "Belum ada isi",
        unpublishedHeader: "Belum terbit"
      },
      groups: { other: "Lainnya", negateLabel: "Bukan %{label}" },
      defaultFields: {
        author: { label: "Penulis" },
        updatedOn: { label: "Diubah pada" }
      }
    },
    editor: {
      editorControl: {
        field: { optional: "opsional", widgetLabel: "isian %{widgetLabel}" }
      },
      editorControlPane: {
        widget: {
          required: "%{fieldLabel} wajib diisi.",
          regexPattern: "%{fieldLabel} tidak sesuai: %{pattern}.",
          processing: "%{fieldLabel} sedang diproses.",
          range: "%{fieldLabel} harus antara %{minValue} dan %{maxValue}.",
          min: "%{fieldLabel} paling sedikit %{minValue}.",
          max: "%{fieldLabel} paling banyak %{maxValue}.",
          rangeCount: "%{fieldLabel} harus berisi %{minCount} sampai %{maxCount} butir.",
          rangeCountExact: "%{fieldLabel} harus berisi tepat %{count} butir.",
          rangeMin: "%{fieldLabel} paling sedikit %{minCount} butir.",
          rangeMax: "%{fieldLabel} paling banyak %{maxCount} butir.",
          invalidPath: "'%{path}' bukan alamat yang sah",
          pathExists: "Alamat '%{path}' sudah dipakai"
        },
        i18n: {
          writingInLocale: "Menulis dalam %{locale}",
          copyFromLocale: "Salin dari bahasa lain",
          copyFromLocaleConfirm:
            "Salin isi dari bahasa %{locale}?\nSemua isi yang ada akan ditimpa."
        }
      },
      editor: {
        onLeavePage: "Yakin ingin meninggalkan halaman ini?",
        onUpdatingWithUnsavedChanges: "Ada perubahan yang belum disimpan. Simpan dulu sebelum mengubah status.",
        onPublishingNotReady: "Ubah status menjadi \"Siap terbit\" sebelum menerbitkan.",
        onPublishingWithUnsavedChanges: "Ada perubahan yang belum disimpan. Simpan dulu sebelum menerbitkan.",
        onPublishing: "Yakin ingin menerbitkan isi ini?",
        onUnpublishing: "Yakin ingin menarik isi ini dari situs?",
        onDeleteWithUnsavedChanges:
          "Yakin ingin menghapus isi yang sudah terbit ini beserta perubahan yang belum disimpan?",
        onDeletePublishedEntry: "Yakin ingin menghapus isi yang sudah terbit ini?",
        onDeleteUnpublishedChangesWithUnsavedChanges:
          "Semua perubahan yang belum terbit dan yang belum disimpan akan dihapus. Tetap hapus?",
        onDeleteUnpublishedChanges: "Semua perubahan yang belum terbit akan dihapus. Tetap hapus?",
        loadingEntry: "Memuat isi...",
        confirmLoadBackup: "Ada salinan cadangan di peramban ini untuk isi ini. Pakai salinan itu?"
      },
      editorInterface: {
        toggleI18n: "Tampilkan/sembunyikan bahasa",
        togglePreview: "Tampilkan/sembunyikan pratinjau",
        toggleScrollSync: "Gulir bersamaan",
        toggleNotes: "Tampilkan/sembunyikan catatan"
      },
      editorNotesPane: {
        title: "Catatan",
        emptyState: "Belum ada catatan. Tulis catatan pertama di bawah untuk berdiskusi.",
        addNote: "Tambah catatan",
        addPlaceholder: "Tulis catatan...",
        editPlaceholder: "Ubah catatan...",
        save: "Simpan",
        cancel: "Batal",
        edit: "Ubah",
        delete: "Hapus",
        resolve: "Tandai selesai",
        unresolve: "Buka lagi",
        confirmDelete: "Yakin ingin menghapus catatan ini?",
        shortcut: "Tip: tekan Ctrl+Enter untuk menambah catatan"
      },
      editorToolbar: {
        publishing: "Menerbitkan...",
        publish: "Terbitkan",
        published: "Sudah terbit",
        unpublish: "Tarik dari situs",
        duplicate: "Gandakan",
        unpublishing: "Menarik dari situs...",
        publishAndCreateNew: "Terbitkan lalu tulis baru",
        publishAndDuplicate: "Terbitkan lalu gandakan",
        deleteUnpublishedChanges: "Hapus perubahan yang belum terbit",
        deleteUnpublishedEntry: "Hapus isi yang belum terbit",
        deletePublishedEntry: "Hapus isi yang sudah terbit",
        deleteEntry: "Hapus isi",
        saving: "Menyimpan...",
        save: "Simpan",
        statusInfoTooltipDraft:
          "Status masih draf. Bila sudah selesai ditulis, ubah status menjadi \"Diperiksa editor\".",
        statusInfoTooltipInReview:
          "Editor sedang memeriksa. Anda tetap boleh memperbaiki isinya selama pemeriksaan.",
        deleting: "Menghapus...",
        updating: "Memperbarui...",
        status: "Status: %{status}",
        backCollection: " Menulis di koleksi %{collectionLabel}",
        unsavedChanges: "Belum disimpan",
        changesSaved: "Perubahan tersimpan",
        draft: "Draf",
        inReview: "Diperiksa editor",
        ready: "Siap terbit",
        publishNow: "Terbitkan sekarang",
        deployPreviewPendingButtonLabel: "Periksa pratinjau",
        deployPreviewButtonLabel: "Lihat pratinjau",
        deployButtonLabel: "Lihat di situs"
      },
      editorWidgets: {
        markdown: {
          bold: "Tebal",
          italic: "Miring",
          strikethrough: "Coret",
          code: "Kode",
          link: "Tautan",
          linkPrompt: "Masukkan alamat tautan",
          headings: "Subjudul",
          quote: "Kutipan",
          bulletedList: "Daftar berbutir",
          numberedList: "Daftar bernomor",
          addComponent: "Tambah komponen",
          richText: "Teks biasa",
          markdown: "Markdown",
          toggleMode: {
            rich: "Ganti ke mode teks biasa",
            markdown: "Ganti ke mode Markdown"
          }
        },
        image: {
          choose: "Pilih foto",
          chooseMultiple: "Pilih foto-foto",
          chooseUrl: "Ambil dari alamat web",
          replaceUrl: "Ganti dengan alamat web",
          promptUrl: "Masukkan alamat foto",
          chooseDifferent: "Pilih foto lain",
          addMore: "Tambah foto",
          remove: "Hapus foto",
          removeAll: "Hapus semua foto"
        },
        file: {
          choose: "Pilih berkas",
          chooseUrl: "Ambil dari alamat web",
          chooseMultiple: "Pilih berkas-berkas",
          replaceUrl: "Ganti dengan alamat web",
          promptUrl: "Masukkan alamat berkas",
          chooseDifferent: "Pilih berkas lain",
          addMore: "Tambah berkas",
          remove: "Hapus berkas",
          removeAll: "Hapus semua berkas"
        },
        unknownControl: { noControl: "Isian jenis '%{widget}' tidak dikenal." },
        unknownPreview: { noPreview: "Pratinjau untuk isian jenis '%{widget}' tidak ada." },
        headingOptions: {
          headingOne: "Subjudul 1",
          headingTwo: "Subjudul 2",
          headingThree: "Subjudul 3",
          headingFour: "Subjudul 4",
          headingFive: "Subjudul 5",
          headingSix: "Subjudul 6"
        },
        datetime: {
          now: "Sekarang",
          clear: "Kosongkan",
          setToNow: "Isi %{fieldLabel} dengan waktu sekarang"
        },
        list: { add: "Tambah %{item}", addType: "Tambah %{item}" },
        object: { expand: "Buka", collapse: "Tutup" }
      }
    },
    mediaLibrary: {
      mediaLibraryCard: {
        draft: "Draf",
        copy: "Salin",
        copyUrl: "Salin alamat",
        copyPath: "Salin lokasi",
        copyName: "Salin nama",
        copied: "Tersalin"
      },
      mediaLibrary: {
        onDelete: "Yakin ingin menghapus berkas yang dipilih?",
        fileTooLarge: "Berkas terlalu besar.\nUkuran paling besar %{size} kB."
      },
      mediaLibraryModal: {
        loading: "Memuat...",
        close: "Tutup",
        noResults: "Tidak ada hasil.",
        noAssetsFound: "Belum ada berkas.",
        noImagesFound: "Belum ada foto.",
        private: "Pribadi ",
        images: "Foto",
        mediaAssets: "Berkas media",
        search: "Cari...",
        uploading: "Mengunggah...",
        upload: "Unggah",
        download: "Unduh",
        deleting: "Menghapus...",
        deleteSelected: "Hapus yang dipilih",
        chooseSelected: "Pakai yang dipilih"
      }
    },
    ui: {
      default: { goBackToSite: "Kembali ke situs" },
      errorBoundary: {
        title: "Terjadi kesalahan",
        details: "Terjadi kesalahan. Salin keterangan di bawah dan kirim ke pengelola situs, atau ",
        reportIt: "laporkan di GitHub.",
        detailsHeading: "Keterangan",
        privacyWarning:
          "Laporan berisi pesan kesalahan dan data teknis.\nPeriksa isinya dan hapus data pribadi sebelum mengirim.",
        recoveredEntry: {
          heading: "Tulisan yang diselamatkan",
          warning: "Salin tulisan ini ke tempat lain sebelum meninggalkan halaman!",
          copyButtonLabel: "Salin ke papan klip"
        }
      },
      settingsDropdown: { logOut: "Keluar", account: "Menu akun" },
      toast: {
        onFailToLoadEntries: "Isi gagal dimuat: %{details}",
        onFailToLoadDeployPreview: "Pratinjau gagal dimuat: %{details}",
        onFailToPersist: "Gagal menyimpan: %{details}",
        onFailToDelete: "Gagal menghapus: %{details}",
        onFailToUpdateStatus: "Status gagal diubah: %{details}",
        missingRequiredField: "Ada isian wajib yang belum diisi atau salah. Perbaiki isian bertanda merah, lalu simpan lagi.",
        entrySaved: "Tersimpan",
        entryPublished: "Sudah diterbitkan",
        entryUnpublished: "Sudah ditarik dari situs",
        onFailToPublishEntry: "Gagal menerbitkan: %{details}",
        onFailToUnpublishEntry: "Gagal menarik dari situs: %{details}",
        entryUpdated: "Status diperbarui",
        onDeleteUnpublishedChanges: "Perubahan yang belum terbit sudah dihapus",
        noteAdded: "Catatan ditambahkan",
        onFailToAddNote: "Catatan gagal ditambahkan: %{details}",
        noteUpdated: "Catatan diperbarui",
        onFailToUpdateNote: "Catatan gagal diperbarui: %{details}",
        noteDeleted: "Catatan dihapus",
        onFailToDeleteNote: "Catatan gagal dihapus: %{details}",
        noteResolved: "Catatan ditandai selesai",
        noteReopened: "Catatan dibuka lagi",
        onFailToToggleNote: "Status catatan gagal diubah: %{details}",
        onFailToAuth: "%{details}",
        onLoggedOut: "Anda telah keluar. Simpan salinan tulisan Anda, lalu masuk lagi.",
        onBackendDown: "Layanan penyimpanan sedang terganggu. Lihat %{details} untuk keterangan."
      }
    },
    workflow: {
      workflow: {
        loading: "Memuat alur redaksi",
        workflowHeading: "Alur redaksi",
        newPost: "Tulis baru",
        description:
          "%{smart_count} isi menunggu pemeriksaan, %{readyCount} siap terbit. |||| %{smart_count} isi menunggu pemeriksaan, %{readyCount} siap terbit. ",
        dateFormat: "D MMMM"
      },
      workflowCard: {
        lastChange: "%{date} oleh %{author}",
        lastChangeNoAuthor: "%{date}",
        lastChangeNoDate: "oleh %{author}",
        deleteChanges: "Hapus perubahan",
        deleteNewEntry: "Hapus isi baru",
        publishChanges: "Terbitkan perubahan",
        publishNewEntry: "Terbitkan isi baru"
      },
      workflowList: {
        onDeleteEntry: "Yakin ingin menghapus isi ini?",
        onPublishingNotReadyEntry:
          "Hanya isi berstatus \"Siap terbit\" yang bisa diterbitkan. Seret kartunya ke kolom \"Siap terbit\" dulu.",
        onPublishEntry: "Yakin ingin menerbitkan isi ini?",
        draftHeader: "Draf",
        inReviewHeader: "Diperiksa editor",
        readyHeader: "Siap terbit",
        currentEntries: "%{smart_count} isi |||| %{smart_count} isi"
      }
    }
  };

  if (window.CMS) window.CMS.registerLocale("id", id);
  window.NewsroomLocaleId = id;
})();
