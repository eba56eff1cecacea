/**
 * generated — do not edit; npm run gen:api
 *
 * TypeScript types of the Koppel REST API, produced by openapi-typescript from the OpenAPI description the
 * server serves at /api/docs (route schemas in src/app/http/routes). Aliases for the web UI live in types.ts.
 */
export interface paths {
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in with email and password; sets the session cookie */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                id: string;
                                email: string;
                                name: string;
                                /** @enum {string} */
                                role: "owner" | "admin" | "hr_admin" | "planner" | "recruiter" | "interviewer";
                                /** @enum {string|null} */
                                locale: "nl" | "de" | "en" | null;
                                timeZone: string;
                            };
                            tenant: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                locale: "nl" | "de" | "en";
                                timeZone: string;
                            };
                            csrfToken: string | null;
                            mailCatcher: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the session */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The logged-in user, tenant and CSRF token */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                id: string;
                                email: string;
                                name: string;
                                /** @enum {string} */
                                role: "owner" | "admin" | "hr_admin" | "planner" | "recruiter" | "interviewer";
                                /** @enum {string|null} */
                                locale: "nl" | "de" | "en" | null;
                                timeZone: string;
                            };
                            tenant: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                locale: "nl" | "de" | "en";
                                timeZone: string;
                            };
                            csrfToken: string | null;
                            mailCatcher: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mail a password reset link (always answers ok) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Choose a new password with the mailed token */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users of the tenant, with the state of each one's latest mail (failed: an invitation or reset that could not be sent) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            email: string;
                            name: string;
                            /** @enum {string} */
                            role: "owner" | "admin" | "hr_admin" | "planner" | "recruiter" | "interviewer";
                            /** @enum {string|null} */
                            locale: "nl" | "de" | "en" | null;
                            time_zone: string;
                            active: boolean;
                            /** Format: date-time */
                            created_at: string;
                            /** @enum {string|null} */
                            mail_state: "sent" | "pending" | "failed" | null;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create a user; without a password they get a mail to choose one */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        name: string;
                        /** @enum {string} */
                        role: "owner" | "admin" | "hr_admin" | "planner" | "recruiter" | "interviewer";
                        /** @enum {string|null} */
                        locale?: "nl" | "de" | "en" | null;
                        password?: string;
                        timeZone?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            email: string;
                            name: string;
                            /** @enum {string} */
                            role: "owner" | "admin" | "hr_admin" | "planner" | "recruiter" | "interviewer";
                            /** @enum {string|null} */
                            locale: "nl" | "de" | "en" | null;
                            time_zone: string;
                            active: boolean;
                            /** Format: date-time */
                            created_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            email: string;
                            name: string;
                            /** @enum {string} */
                            role: "owner" | "admin" | "hr_admin" | "planner" | "recruiter" | "interviewer";
                            /** @enum {string|null} */
                            locale: "nl" | "de" | "en" | null;
                            time_zone: string;
                            active: boolean;
                            /** Format: date-time */
                            created_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change name, role, language, time zone or active state (role and active: admins only) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @enum {string} */
                        role?: "owner" | "admin" | "hr_admin" | "planner" | "recruiter" | "interviewer";
                        /** @enum {string|null} */
                        locale?: "nl" | "de" | "en" | null;
                        timeZone?: string;
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            email: string;
                            name: string;
                            /** @enum {string} */
                            role: "owner" | "admin" | "hr_admin" | "planner" | "recruiter" | "interviewer";
                            /** @enum {string|null} */
                            locale: "nl" | "de" | "en" | null;
                            time_zone: string;
                            active: boolean;
                            /** Format: date-time */
                            created_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your own password: needs the current one; your other sessions end, this one stays */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            prefix: string;
                            /** @enum {string} */
                            role: "owner" | "admin" | "hr_admin" | "planner" | "recruiter" | "interviewer";
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            last_used_at?: string | null;
                            /** Format: date-time */
                            revoked_at?: string | null;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create an API token; the token is returned only once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @enum {string} */
                        role: "owner" | "admin" | "hr_admin" | "planner" | "recruiter" | "interviewer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            prefix: string;
                            /** @enum {string} */
                            role: "owner" | "admin" | "hr_admin" | "planner" | "recruiter" | "interviewer";
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            last_used_at?: string | null;
                            /** Format: date-time */
                            revoked_at?: string | null;
                            token: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a token */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/company": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The company's settings */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            /** @enum {string} */
                            locale: "nl" | "de" | "en";
                            /** @enum {string} */
                            country: "NL" | "DE";
                            timeZone: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the company's settings (admins); a new time zone moves its schedules to the same local time */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @enum {string} */
                        locale?: "nl" | "de" | "en";
                        /** @enum {string} */
                        country?: "NL" | "DE";
                        timeZone?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            /** @enum {string} */
                            locale: "nl" | "de" | "en";
                            /** @enum {string} */
                            country: "NL" | "DE";
                            timeZone: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/employees": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List employees: server-side paging, search on name/email/personnel number, filters
         * @description Paged by page number (offset), or by keyset: pass the previous answer's `nextCursor` as `after` (with the same filters and sort) for the page that follows it; `page` is then only echoed. `total` is null on keyset pages (the first page's total still holds); `nextCursor` is null on the last page.
         */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    pageSize?: number;
                    q?: string;
                    status?: "active" | "former";
                    source?: string;
                    departmentId?: string;
                    sort?: "name" | "personnel_number" | "created_at";
                    after?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                firstName: string;
                                prefix: string | null;
                                lastName: string;
                                displayName: string;
                                initials: string | null;
                                email: string | null;
                                bsnMasked?: string | null;
                                personnelNumber: string | null;
                                birthDate?: string | null;
                                street?: string | null;
                                houseNumber?: string | null;
                                postalCode?: string | null;
                                city?: string | null;
                                country?: string | null;
                                phone: string | null;
                                /** @enum {string} */
                                status: "active" | "former";
                                source: string;
                                managerId: string | null;
                                notes?: string | null;
                                departments: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            total: number | null;
                            page: number;
                            pageSize: number;
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an employee */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        firstName: string;
                        prefix?: string | null;
                        lastName: string;
                        initials?: string | null;
                        email?: (string | null) | "";
                        bsn?: string | null;
                        personnelNumber?: string | null;
                        birthDate?: (string | null) | "";
                        street?: string | null;
                        houseNumber?: string | null;
                        postalCode?: string | null;
                        city?: string | null;
                        country?: string | null;
                        phone?: string | null;
                        /** @enum {string} */
                        status?: "active" | "former";
                        /** Format: uuid */
                        managerId?: string | null;
                        notes?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            firstName: string;
                            prefix: string | null;
                            lastName: string;
                            displayName: string;
                            initials: string | null;
                            email: string | null;
                            bsnMasked?: string | null;
                            personnelNumber: string | null;
                            birthDate?: string | null;
                            street?: string | null;
                            houseNumber?: string | null;
                            postalCode?: string | null;
                            city?: string | null;
                            country?: string | null;
                            phone: string | null;
                            /** @enum {string} */
                            status: "active" | "former";
                            source: string;
                            managerId: string | null;
                            notes?: string | null;
                            departments: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/employees/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            firstName: string;
                            prefix: string | null;
                            lastName: string;
                            displayName: string;
                            initials: string | null;
                            email: string | null;
                            bsnMasked?: string | null;
                            personnelNumber: string | null;
                            birthDate?: string | null;
                            street?: string | null;
                            houseNumber?: string | null;
                            postalCode?: string | null;
                            city?: string | null;
                            country?: string | null;
                            phone: string | null;
                            /** @enum {string} */
                            status: "active" | "former";
                            source: string;
                            managerId: string | null;
                            notes?: string | null;
                            departments: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        firstName?: string;
                        prefix?: string | null;
                        lastName?: string;
                        initials?: string | null;
                        email?: (string | null) | "";
                        bsn?: string | null;
                        personnelNumber?: string | null;
                        birthDate?: (string | null) | "";
                        street?: string | null;
                        houseNumber?: string | null;
                        postalCode?: string | null;
                        city?: string | null;
                        country?: string | null;
                        phone?: string | null;
                        /** @enum {string} */
                        status?: "active" | "former";
                        /** Format: uuid */
                        managerId?: string | null;
                        notes?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            firstName: string;
                            prefix: string | null;
                            lastName: string;
                            displayName: string;
                            initials: string | null;
                            email: string | null;
                            bsnMasked?: string | null;
                            personnelNumber: string | null;
                            birthDate?: string | null;
                            street?: string | null;
                            houseNumber?: string | null;
                            postalCode?: string | null;
                            city?: string | null;
                            country?: string | null;
                            phone: string | null;
                            /** @enum {string} */
                            status: "active" | "former";
                            source: string;
                            managerId: string | null;
                            notes?: string | null;
                            departments: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/employees/{id}/bsn/reveal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Show the full BSN (HR roles; audited) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bsn: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/mails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Mails caught by the built-in SMTP catcher */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    pageSize?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: number;
                                mailFrom: string;
                                rcptTo: string[];
                                subject: string;
                                textBody: string | null;
                                htmlBody: string | null;
                                /** Format: date-time */
                                receivedAt: string;
                                linksHidden: boolean;
                            }[];
                            total: number;
                            page: number;
                            pageSize: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/mails/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            mailFrom: string;
                            rcptTo: string[];
                            subject: string;
                            textBody: string | null;
                            htmlBody: string | null;
                            /** Format: date-time */
                            receivedAt: string;
                            linksHidden: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/departments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List departments */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            code: string | null;
                            costCenterId: string | null;
                            archived: boolean;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create a department */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        code?: string | null;
                        /** Format: uuid */
                        costCenterId?: string | null;
                        archived?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            code: string | null;
                            costCenterId: string | null;
                            archived: boolean;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/departments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a department */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            code: string | null;
                            costCenterId: string | null;
                            archived: boolean;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a department (refused while still in use) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a department */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        code?: string | null;
                        /** Format: uuid */
                        costCenterId?: string | null;
                        archived?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            code: string | null;
                            costCenterId: string | null;
                            archived: boolean;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/cost-centers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List cost centers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            code: string;
                            name: string;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create a cost center */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            code: string;
                            name: string;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cost-centers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a cost center */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            code: string;
                            name: string;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a cost center (refused while still in use) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a cost center */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code?: string;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            code: string;
                            name: string;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/contract-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List contract types */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            leaveWeeks: number;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create a contract type */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        leaveWeeks?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            leaveWeeks: number;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contract-types/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a contract type */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            leaveWeeks: number;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a contract type (refused while still in use) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a contract type */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        leaveWeeks?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            leaveWeeks: number;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/functions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List functions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create a function */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/functions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a function */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a function (refused while still in use) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a function */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/employees/{id}/contracts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An employee's contracts, oldest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            employeeId: string;
                            contractTypeId: string | null;
                            contractTypeName: string | null;
                            departmentId: string | null;
                            departmentName: string | null;
                            functionId: string | null;
                            functionName: string | null;
                            startDate: string;
                            endDate: string | null;
                            weeklyHours: number;
                            hourlyWage?: number | null;
                            costCenters: {
                                name: string;
                                percentage: number | null;
                            }[] | null;
                            company: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Add a contract to an employee */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        contractTypeId?: string | null;
                        /** Format: uuid */
                        departmentId?: string | null;
                        /** Format: uuid */
                        functionId?: string | null;
                        startDate: string;
                        endDate?: string | null;
                        weeklyHours?: number;
                        hourlyWage?: number | null;
                        /** @description The company (werkmaatschappij); empty = none. On a synced contract the next sync overwrites it */
                        company?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            employeeId: string;
                            contractTypeId: string | null;
                            contractTypeName: string | null;
                            departmentId: string | null;
                            departmentName: string | null;
                            functionId: string | null;
                            functionName: string | null;
                            startDate: string;
                            endDate: string | null;
                            weeklyHours: number;
                            hourlyWage?: number | null;
                            costCenters: {
                                name: string;
                                percentage: number | null;
                            }[] | null;
                            company: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contracts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            employeeId: string;
                            contractTypeId: string | null;
                            contractTypeName: string | null;
                            departmentId: string | null;
                            departmentName: string | null;
                            functionId: string | null;
                            functionName: string | null;
                            startDate: string;
                            endDate: string | null;
                            weeklyHours: number;
                            hourlyWage?: number | null;
                            costCenters: {
                                name: string;
                                percentage: number | null;
                            }[] | null;
                            company: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        contractTypeId?: string | null;
                        /** Format: uuid */
                        departmentId?: string | null;
                        /** Format: uuid */
                        functionId?: string | null;
                        startDate?: string;
                        endDate?: string | null;
                        weeklyHours?: number;
                        hourlyWage?: number | null;
                        /** @description The company (werkmaatschappij); empty = none. On a synced contract the next sync overwrites it */
                        company?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            employeeId: string;
                            contractTypeId: string | null;
                            contractTypeName: string | null;
                            departmentId: string | null;
                            departmentName: string | null;
                            functionId: string | null;
                            functionName: string | null;
                            startDate: string;
                            endDate: string | null;
                            weeklyHours: number;
                            hourlyWage?: number | null;
                            costCenters: {
                                name: string;
                                percentage: number | null;
                            }[] | null;
                            company: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/hour-components": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List hour components */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            code: string;
                            name: string;
                            ratePercent: number;
                            isDefault: boolean;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create a hour component */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        name: string;
                        ratePercent?: number;
                        isDefault?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            code: string;
                            name: string;
                            ratePercent: number;
                            isDefault: boolean;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hour-components/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a hour component */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            code: string;
                            name: string;
                            ratePercent: number;
                            isDefault: boolean;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a hour component (refused while still in use) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a hour component */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code?: string;
                        name?: string;
                        ratePercent?: number;
                        isDefault?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            code: string;
                            name: string;
                            ratePercent: number;
                            isDefault: boolean;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/wage-components": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List wage components */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            code: string;
                            name: string;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create a wage component */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            code: string;
                            name: string;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/wage-components/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a wage component */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            code: string;
                            name: string;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a wage component (refused while still in use) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a wage component */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code?: string;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            code: string;
                            name: string;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/hour-component-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List hour component rules */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            hourComponentId: string;
                            priority: number;
                            weekdays: number[];
                            timeFrom: string | null;
                            timeTo: string | null;
                            departmentId: string | null;
                            publicHolidaysOnly: boolean;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create a hour component rule */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        hourComponentId: string;
                        priority?: number;
                        weekdays?: number[];
                        timeFrom?: string | null;
                        timeTo?: string | null;
                        /** Format: uuid */
                        departmentId?: string | null;
                        publicHolidaysOnly?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            hourComponentId: string;
                            priority: number;
                            weekdays: number[];
                            timeFrom: string | null;
                            timeTo: string | null;
                            departmentId: string | null;
                            publicHolidaysOnly: boolean;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hour-component-rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a hour component rule */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            hourComponentId: string;
                            priority: number;
                            weekdays: number[];
                            timeFrom: string | null;
                            timeTo: string | null;
                            departmentId: string | null;
                            publicHolidaysOnly: boolean;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a hour component rule (refused while still in use) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a hour component rule */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        hourComponentId?: string;
                        priority?: number;
                        weekdays?: number[];
                        timeFrom?: string | null;
                        timeTo?: string | null;
                        /** Format: uuid */
                        departmentId?: string | null;
                        publicHolidaysOnly?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            hourComponentId: string;
                            priority: number;
                            weekdays: number[];
                            timeFrom: string | null;
                            timeTo: string | null;
                            departmentId: string | null;
                            publicHolidaysOnly: boolean;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/shifts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List worked shifts, newest first, with server-side paging */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    pageSize?: number;
                    from?: string;
                    to?: string;
                    employeeId?: string;
                    departmentId?: string;
                    status?: "pending" | "approved" | "rejected";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                employeeId: string;
                                employeeName: string;
                                personnelNumber: string | null;
                                date: string;
                                startTime: string;
                                endTime: string;
                                breakMinutes: number;
                                workedMinutes: number;
                                departmentId: string | null;
                                departmentName: string | null;
                                hourComponentId: string | null;
                                hourComponentCode: string | null;
                                /** @description The department the hours count for: the shift's own, else its contract's on that date */
                                resolvedDepartmentId: string | null;
                                resolvedDepartmentName: string | null;
                                /** @enum {string|null} */
                                departmentFrom: "shift" | "contract" | null;
                                /**
                                 * @description Whether the shift's own hour component or the rules decided hourComponents
                                 * @enum {string}
                                 */
                                componentsFrom: "shift" | "rules";
                                /** @description Worked minutes per hour component as resolved (most minutes first) */
                                hourComponents: {
                                    hourComponentId: string | null;
                                    code: string | null;
                                    name: string | null;
                                    minutes: number;
                                }[];
                                /** @enum {string} */
                                status: "pending" | "approved" | "rejected";
                                approvedBy: string | null;
                                approvedByName: string | null;
                                /** Format: date-time */
                                approvedAt: string | null;
                                note: string | null;
                                source: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            total: number;
                            page: number;
                            pageSize: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Record a worked shift (pending approval) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        employeeId: string;
                        date: string;
                        startTime: string;
                        endTime: string;
                        breakMinutes?: number;
                        /** Format: uuid */
                        departmentId?: string | null;
                        /** Format: uuid */
                        hourComponentId?: string | null;
                        note?: string | null;
                        /** @description Confirm a write on a sent day: it is saved and recorded as a correction (F-25) */
                        confirmCorrection?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            employeeId: string;
                            employeeName: string;
                            personnelNumber: string | null;
                            date: string;
                            startTime: string;
                            endTime: string;
                            breakMinutes: number;
                            workedMinutes: number;
                            departmentId: string | null;
                            departmentName: string | null;
                            hourComponentId: string | null;
                            hourComponentCode: string | null;
                            /** @description The department the hours count for: the shift's own, else its contract's on that date */
                            resolvedDepartmentId: string | null;
                            resolvedDepartmentName: string | null;
                            /** @enum {string|null} */
                            departmentFrom: "shift" | "contract" | null;
                            /**
                             * @description Whether the shift's own hour component or the rules decided hourComponents
                             * @enum {string}
                             */
                            componentsFrom: "shift" | "rules";
                            /** @description Worked minutes per hour component as resolved (most minutes first) */
                            hourComponents: {
                                hourComponentId: string | null;
                                code: string | null;
                                name: string | null;
                                minutes: number;
                            }[];
                            /** @enum {string} */
                            status: "pending" | "approved" | "rejected";
                            approvedBy: string | null;
                            approvedByName: string | null;
                            /** Format: date-time */
                            approvedAt: string | null;
                            note: string | null;
                            source: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shifts/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import shifts from CSV: all rows or none
         * @description Columns (header row, ";" or "," separated): personnel_number and/or email, date (YYYY-MM-DD or DD-MM-YYYY), start, end (HH:MM), break_minutes, department (name or code), hour_component (code). If any row is invalid nothing is imported and the answer is 400 csv_invalid with details [{line, field, message}] (the header is line 1). dryRun only validates. Rows on days an export already sent: 409 conflict (details.reason period_sent, dry run included) and nothing is imported, unless confirmCorrection is true; then each such shift records a correction (F-25).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        csv: string;
                        dryRun?: boolean;
                        /** @description Confirm a write on a sent day: it is saved and recorded as a correction (F-25) */
                        confirmCorrection?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            imported: number;
                            rows: number;
                            dryRun: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                code: string;
                                message: string;
                                details: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shifts/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve several shifts at once; all ids must exist, else nothing is approved */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approved: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shifts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            employeeId: string;
                            employeeName: string;
                            personnelNumber: string | null;
                            date: string;
                            startTime: string;
                            endTime: string;
                            breakMinutes: number;
                            workedMinutes: number;
                            departmentId: string | null;
                            departmentName: string | null;
                            hourComponentId: string | null;
                            hourComponentCode: string | null;
                            /** @description The department the hours count for: the shift's own, else its contract's on that date */
                            resolvedDepartmentId: string | null;
                            resolvedDepartmentName: string | null;
                            /** @enum {string|null} */
                            departmentFrom: "shift" | "contract" | null;
                            /**
                             * @description Whether the shift's own hour component or the rules decided hourComponents
                             * @enum {string}
                             */
                            componentsFrom: "shift" | "rules";
                            /** @description Worked minutes per hour component as resolved (most minutes first) */
                            hourComponents: {
                                hourComponentId: string | null;
                                code: string | null;
                                name: string | null;
                                minutes: number;
                            }[];
                            /** @enum {string} */
                            status: "pending" | "approved" | "rejected";
                            approvedBy: string | null;
                            approvedByName: string | null;
                            /** Format: date-time */
                            approvedAt: string | null;
                            note: string | null;
                            source: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a shift; an approved one only with a reason (audited) */
        delete: {
            parameters: {
                query?: {
                    reason?: string;
                    /** @description true: confirm a deletion on a sent day (F-25) */
                    confirmCorrection?: "true" | "false";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a shift; an approved shift goes back to pending, and changing one needs a reason (audited) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        employeeId?: string;
                        date?: string;
                        startTime?: string;
                        endTime?: string;
                        breakMinutes?: number;
                        /** Format: uuid */
                        departmentId?: string | null;
                        /** Format: uuid */
                        hourComponentId?: string | null;
                        note?: string | null;
                        reason?: string | null;
                        /** @description Confirm a write on a sent day: it is saved and recorded as a correction (F-25) */
                        confirmCorrection?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            employeeId: string;
                            employeeName: string;
                            personnelNumber: string | null;
                            date: string;
                            startTime: string;
                            endTime: string;
                            breakMinutes: number;
                            workedMinutes: number;
                            departmentId: string | null;
                            departmentName: string | null;
                            hourComponentId: string | null;
                            hourComponentCode: string | null;
                            /** @description The department the hours count for: the shift's own, else its contract's on that date */
                            resolvedDepartmentId: string | null;
                            resolvedDepartmentName: string | null;
                            /** @enum {string|null} */
                            departmentFrom: "shift" | "contract" | null;
                            /**
                             * @description Whether the shift's own hour component or the rules decided hourComponents
                             * @enum {string}
                             */
                            componentsFrom: "shift" | "rules";
                            /** @description Worked minutes per hour component as resolved (most minutes first) */
                            hourComponents: {
                                hourComponentId: string | null;
                                code: string | null;
                                name: string | null;
                                minutes: number;
                            }[];
                            /** @enum {string} */
                            status: "pending" | "approved" | "rejected";
                            approvedBy: string | null;
                            approvedByName: string | null;
                            /** Format: date-time */
                            approvedAt: string | null;
                            note: string | null;
                            source: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/shifts/{id}/components": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The shift's worked minutes per hour component */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            totalMinutes: number;
                            components: {
                                hourComponentId: string | null;
                                code: string | null;
                                name: string | null;
                                minutes: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shifts/{id}/reopen": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reopen an approved or rejected shift (back to pending) with a reason (audited) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                        /** @description Confirm a write on a sent day: it is saved and recorded as a correction (F-25) */
                        confirmCorrection?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            employeeId: string;
                            employeeName: string;
                            personnelNumber: string | null;
                            date: string;
                            startTime: string;
                            endTime: string;
                            breakMinutes: number;
                            workedMinutes: number;
                            departmentId: string | null;
                            departmentName: string | null;
                            hourComponentId: string | null;
                            hourComponentCode: string | null;
                            /** @description The department the hours count for: the shift's own, else its contract's on that date */
                            resolvedDepartmentId: string | null;
                            resolvedDepartmentName: string | null;
                            /** @enum {string|null} */
                            departmentFrom: "shift" | "contract" | null;
                            /**
                             * @description Whether the shift's own hour component or the rules decided hourComponents
                             * @enum {string}
                             */
                            componentsFrom: "shift" | "rules";
                            /** @description Worked minutes per hour component as resolved (most minutes first) */
                            hourComponents: {
                                hourComponentId: string | null;
                                code: string | null;
                                name: string | null;
                                minutes: number;
                            }[];
                            /** @enum {string} */
                            status: "pending" | "approved" | "rejected";
                            approvedBy: string | null;
                            approvedByName: string | null;
                            /** Format: date-time */
                            approvedAt: string | null;
                            note: string | null;
                            source: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shifts/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            employeeId: string;
                            employeeName: string;
                            personnelNumber: string | null;
                            date: string;
                            startTime: string;
                            endTime: string;
                            breakMinutes: number;
                            workedMinutes: number;
                            departmentId: string | null;
                            departmentName: string | null;
                            hourComponentId: string | null;
                            hourComponentCode: string | null;
                            /** @description The department the hours count for: the shift's own, else its contract's on that date */
                            resolvedDepartmentId: string | null;
                            resolvedDepartmentName: string | null;
                            /** @enum {string|null} */
                            departmentFrom: "shift" | "contract" | null;
                            /**
                             * @description Whether the shift's own hour component or the rules decided hourComponents
                             * @enum {string}
                             */
                            componentsFrom: "shift" | "rules";
                            /** @description Worked minutes per hour component as resolved (most minutes first) */
                            hourComponents: {
                                hourComponentId: string | null;
                                code: string | null;
                                name: string | null;
                                minutes: number;
                            }[];
                            /** @enum {string} */
                            status: "pending" | "approved" | "rejected";
                            approvedBy: string | null;
                            approvedByName: string | null;
                            /** Format: date-time */
                            approvedAt: string | null;
                            note: string | null;
                            source: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shifts/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            employeeId: string;
                            employeeName: string;
                            personnelNumber: string | null;
                            date: string;
                            startTime: string;
                            endTime: string;
                            breakMinutes: number;
                            workedMinutes: number;
                            departmentId: string | null;
                            departmentName: string | null;
                            hourComponentId: string | null;
                            hourComponentCode: string | null;
                            /** @description The department the hours count for: the shift's own, else its contract's on that date */
                            resolvedDepartmentId: string | null;
                            resolvedDepartmentName: string | null;
                            /** @enum {string|null} */
                            departmentFrom: "shift" | "contract" | null;
                            /**
                             * @description Whether the shift's own hour component or the rules decided hourComponents
                             * @enum {string}
                             */
                            componentsFrom: "shift" | "rules";
                            /** @description Worked minutes per hour component as resolved (most minutes first) */
                            hourComponents: {
                                hourComponentId: string | null;
                                code: string | null;
                                name: string | null;
                                minutes: number;
                            }[];
                            /** @enum {string} */
                            status: "pending" | "approved" | "rejected";
                            approvedBy: string | null;
                            approvedByName: string | null;
                            /** Format: date-time */
                            approvedAt: string | null;
                            note: string | null;
                            source: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/absence-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List absence types */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            /** @enum {string} */
                            kind: "vacation" | "sick" | "special_leave" | "not_plannable" | "other";
                            deductsLeave: boolean;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create a absence type */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @enum {string} */
                        kind: "vacation" | "sick" | "special_leave" | "not_plannable" | "other";
                        deductsLeave?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            /** @enum {string} */
                            kind: "vacation" | "sick" | "special_leave" | "not_plannable" | "other";
                            deductsLeave: boolean;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/absence-types/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a absence type */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            /** @enum {string} */
                            kind: "vacation" | "sick" | "special_leave" | "not_plannable" | "other";
                            deductsLeave: boolean;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a absence type (refused while still in use) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a absence type */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @enum {string} */
                        kind?: "vacation" | "sick" | "special_leave" | "not_plannable" | "other";
                        deductsLeave?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            /** @enum {string} */
                            kind: "vacation" | "sick" | "special_leave" | "not_plannable" | "other";
                            deductsLeave: boolean;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/absences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List absences (those overlapping from–to), newest first, with server-side paging */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    pageSize?: number;
                    employeeId?: string;
                    absenceTypeId?: string;
                    from?: string;
                    to?: string;
                    status?: "pending" | "approved" | "rejected";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                employeeId: string;
                                employeeName: string;
                                absenceTypeId: string;
                                absenceTypeName: string;
                                /** @enum {string} */
                                kind: "vacation" | "sick" | "special_leave" | "not_plannable" | "other";
                                deductsLeave: boolean;
                                startDate: string;
                                endDate: string;
                                /** @enum {string} */
                                unit: "days" | "half_day" | "hours";
                                hours: number | null;
                                /** @enum {string} */
                                status: "pending" | "approved" | "rejected";
                                source: string;
                                comment: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            total: number;
                            page: number;
                            pageSize: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Record an absence (pending approval) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        employeeId: string;
                        /** Format: uuid */
                        absenceTypeId: string;
                        startDate: string;
                        endDate: string;
                        /** @enum {string} */
                        unit: "days" | "half_day" | "hours";
                        hours?: number | null;
                        comment?: string | null;
                        /** @description Confirm a write on a sent day: it is saved and recorded as a correction (F-25) */
                        confirmCorrection?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            employeeId: string;
                            employeeName: string;
                            absenceTypeId: string;
                            absenceTypeName: string;
                            /** @enum {string} */
                            kind: "vacation" | "sick" | "special_leave" | "not_plannable" | "other";
                            deductsLeave: boolean;
                            startDate: string;
                            endDate: string;
                            /** @enum {string} */
                            unit: "days" | "half_day" | "hours";
                            hours: number | null;
                            /** @enum {string} */
                            status: "pending" | "approved" | "rejected";
                            source: string;
                            comment: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/absences/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            employeeId: string;
                            employeeName: string;
                            absenceTypeId: string;
                            absenceTypeName: string;
                            /** @enum {string} */
                            kind: "vacation" | "sick" | "special_leave" | "not_plannable" | "other";
                            deductsLeave: boolean;
                            startDate: string;
                            endDate: string;
                            /** @enum {string} */
                            unit: "days" | "half_day" | "hours";
                            hours: number | null;
                            /** @enum {string} */
                            status: "pending" | "approved" | "rejected";
                            source: string;
                            comment: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: {
                    /** @description true: confirm a deletion on a sent day (F-25) */
                    confirmCorrection?: "true" | "false";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change an absence; changing an approved one sends it back to pending */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        employeeId?: string;
                        /** Format: uuid */
                        absenceTypeId?: string;
                        startDate?: string;
                        endDate?: string;
                        /** @enum {string} */
                        unit?: "days" | "half_day" | "hours";
                        hours?: number | null;
                        comment?: string | null;
                        /** @description Confirm a write on a sent day: it is saved and recorded as a correction (F-25) */
                        confirmCorrection?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            employeeId: string;
                            employeeName: string;
                            absenceTypeId: string;
                            absenceTypeName: string;
                            /** @enum {string} */
                            kind: "vacation" | "sick" | "special_leave" | "not_plannable" | "other";
                            deductsLeave: boolean;
                            startDate: string;
                            endDate: string;
                            /** @enum {string} */
                            unit: "days" | "half_day" | "hours";
                            hours: number | null;
                            /** @enum {string} */
                            status: "pending" | "approved" | "rejected";
                            source: string;
                            comment: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/absences/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            employeeId: string;
                            employeeName: string;
                            absenceTypeId: string;
                            absenceTypeName: string;
                            /** @enum {string} */
                            kind: "vacation" | "sick" | "special_leave" | "not_plannable" | "other";
                            deductsLeave: boolean;
                            startDate: string;
                            endDate: string;
                            /** @enum {string} */
                            unit: "days" | "half_day" | "hours";
                            hours: number | null;
                            /** @enum {string} */
                            status: "pending" | "approved" | "rejected";
                            source: string;
                            comment: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/absences/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            employeeId: string;
                            employeeName: string;
                            absenceTypeId: string;
                            absenceTypeName: string;
                            /** @enum {string} */
                            kind: "vacation" | "sick" | "special_leave" | "not_plannable" | "other";
                            deductsLeave: boolean;
                            startDate: string;
                            endDate: string;
                            /** @enum {string} */
                            unit: "days" | "half_day" | "hours";
                            hours: number | null;
                            /** @enum {string} */
                            status: "pending" | "approved" | "rejected";
                            source: string;
                            comment: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/employees/{id}/leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Leave balance for a year: entitlement from the contracts, taken (approved, up to today), planned (later or pending), remaining */
        get: {
            parameters: {
                query: {
                    year: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            year: number;
                            entitlementHours: number;
                            adjustmentHours: number;
                            takenHours: number;
                            plannedHours: number;
                            remainingHours: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/employees/{id}/leave-adjustments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    year?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            employeeId: string;
                            year: number;
                            hours: number;
                            reason: string;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Correct the leave balance of a year (hours may be negative); Koppel-owned, never touched by a sync */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        year: number;
                        hours: number;
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            employeeId: string;
                            year: number;
                            hours: number;
                            reason: string;
                            /** Format: date-time */
                            createdAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who changed what, newest first */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    pageSize?: number;
                    entityType?: string;
                    entityId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: number;
                                /** @enum {string} */
                                actorType: "user" | "api_token" | "sync" | "system";
                                actorId: string | null;
                                actorName: string;
                                action: string;
                                entityType: string;
                                entityId: string | null;
                                changes: {
                                    [key: string]: unknown;
                                } | null;
                                /** Format: date-time */
                                createdAt: string;
                            }[];
                            total: number;
                            page: number;
                            pageSize: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/problems": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's background jobs that failed or are dead (mails that were not sent), newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            status: "dead" | "retrying";
                            attempts: number;
                            maxAttempts: number;
                            lastError: string | null;
                            /** @enum {string} */
                            reason: "mail_not_configured" | "unreachable" | "auth_failed" | "refused" | "other";
                            mail: {
                                to: string;
                                subject: string | null;
                            } | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            failedAt: string | null;
                            /** Format: date-time */
                            nextAttemptAt: string | null;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/mail-deliveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether a mail you asked for went out (the id a mailing answer names as deliveryId); admins may read any */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            /** @enum {string} */
                            state: "pending" | "sent" | "retrying" | "failed";
                            /** @enum {string|null} */
                            reason: "mail_not_configured" | "unreachable" | "auth_failed" | "refused" | "other" | null;
                            attempts: number;
                            maxAttempts: number;
                            to: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a failed or dead job again now, with fresh attempts */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            status: "dead" | "retrying";
                            attempts: number;
                            maxAttempts: number;
                            lastError: string | null;
                            /** @enum {string} */
                            reason: "mail_not_configured" | "unreachable" | "auth_failed" | "refused" | "other";
                            mail: {
                                to: string;
                                subject: string | null;
                            } | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            failedAt: string | null;
                            /** Format: date-time */
                            nextAttemptAt: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integration-vendors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every vendor Koppel knows, one line each: category (hr, payroll: connected here; calendar, video: on the recruiting connections page), capabilities, and the credential fields a form needs; comingSoon ones are listed but cannot be connected yet */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            vendor: string;
                            label: string;
                            /** @enum {string} */
                            category: "hr" | "payroll" | "calendar" | "video";
                            capabilities: ("employees:read" | "organisation:read" | "attendances:read" | "attendances:write" | "absences:read" | "payroll-hours:write" | "calendar:freebusy" | "calendar:events:write" | "video:meetings:write")[];
                            defaultBaseUrl: string;
                            credentialFields: string[];
                            comingSoon: boolean;
                            /** @description The vendor's own login page can be used instead of the form (POST /integrations/oauth/start) */
                            loginPage: boolean;
                            /** @enum {string} */
                            connectVia: "form" | "consent";
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List HR integrations (credentials never included) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            vendor: string;
                            vendorLabel: string;
                            capabilities: ("employees:read" | "organisation:read" | "attendances:read" | "attendances:write" | "absences:read" | "payroll-hours:write" | "calendar:freebusy" | "calendar:events:write" | "video:meetings:write")[];
                            name: string;
                            baseUrl: string;
                            credentialsHint: string;
                            active: boolean;
                            settings: {
                                contractFields: {
                                    function: boolean;
                                    endDates: boolean;
                                    contractHours: boolean;
                                    hourlyWages: boolean;
                                };
                                employeeFields: {
                                    birthDate: boolean;
                                    address: boolean;
                                    phone: boolean;
                                };
                                timeExchange: {
                                    attendances: boolean;
                                    absences: boolean;
                                };
                                absenceImport: {
                                    typeMap: {
                                        [key: string]: string;
                                    };
                                    backDays: number;
                                    aheadDays: number;
                                };
                                autoAddEmployees: boolean;
                                payrollPeriodTypes: {
                                    [key: string]: "monthly" | "four_weekly" | "weekly";
                                };
                                notificationEmails: string[];
                                syncTime: string;
                                syncStartDate: string | null;
                                attendanceExport: {
                                    continuous: boolean;
                                    from: string | null;
                                };
                            };
                            /** @enum {string} */
                            health: "healthy" | "warnings" | "failing" | "reconnect_needed";
                            healthDetail: string | null;
                            /** Format: date-time */
                            lastSuccessAt: string | null;
                            firstSyncApplied: boolean;
                            accountScope: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                kind: "company" | "employer" | "debtor";
                                parentId?: string;
                            }[] | null;
                            /** Format: date-time */
                            nextSyncAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Connect an HR system; the credentials are verified live before anything is saved (F-10) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        vendor: "personio" | "loket";
                        name: string;
                        /** Format: uri */
                        baseUrl?: string | null;
                        credentials: {
                            [key: string]: string;
                        };
                        settings?: {
                            contractFields?: {
                                function?: boolean;
                                endDates?: boolean;
                                contractHours?: boolean;
                                hourlyWages?: boolean;
                            };
                            employeeFields?: {
                                birthDate?: boolean;
                                address?: boolean;
                                phone?: boolean;
                            };
                            timeExchange?: {
                                attendances?: boolean;
                                absences?: boolean;
                            };
                            autoAddEmployees?: boolean;
                            payrollPeriodTypes?: {
                                [key: string]: "monthly" | "four_weekly" | "weekly";
                            };
                            notificationEmails?: string[];
                            syncTime?: string;
                            syncStartDate?: string | null;
                            attendanceExport?: {
                                continuous?: boolean;
                                from?: string | null;
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            vendor: string;
                            vendorLabel: string;
                            capabilities: ("employees:read" | "organisation:read" | "attendances:read" | "attendances:write" | "absences:read" | "payroll-hours:write" | "calendar:freebusy" | "calendar:events:write" | "video:meetings:write")[];
                            name: string;
                            baseUrl: string;
                            credentialsHint: string;
                            active: boolean;
                            settings: {
                                contractFields: {
                                    function: boolean;
                                    endDates: boolean;
                                    contractHours: boolean;
                                    hourlyWages: boolean;
                                };
                                employeeFields: {
                                    birthDate: boolean;
                                    address: boolean;
                                    phone: boolean;
                                };
                                timeExchange: {
                                    attendances: boolean;
                                    absences: boolean;
                                };
                                absenceImport: {
                                    typeMap: {
                                        [key: string]: string;
                                    };
                                    backDays: number;
                                    aheadDays: number;
                                };
                                autoAddEmployees: boolean;
                                payrollPeriodTypes: {
                                    [key: string]: "monthly" | "four_weekly" | "weekly";
                                };
                                notificationEmails: string[];
                                syncTime: string;
                                syncStartDate: string | null;
                                attendanceExport: {
                                    continuous: boolean;
                                    from: string | null;
                                };
                            };
                            /** @enum {string} */
                            health: "healthy" | "warnings" | "failing" | "reconnect_needed";
                            healthDetail: string | null;
                            /** Format: date-time */
                            lastSuccessAt: string | null;
                            firstSyncApplied: boolean;
                            accountScope: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                kind: "company" | "employer" | "debtor";
                                parentId?: string;
                            }[] | null;
                            /** Format: date-time */
                            nextSyncAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            vendor: string;
                            vendorLabel: string;
                            capabilities: ("employees:read" | "organisation:read" | "attendances:read" | "attendances:write" | "absences:read" | "payroll-hours:write" | "calendar:freebusy" | "calendar:events:write" | "video:meetings:write")[];
                            name: string;
                            baseUrl: string;
                            credentialsHint: string;
                            active: boolean;
                            settings: {
                                contractFields: {
                                    function: boolean;
                                    endDates: boolean;
                                    contractHours: boolean;
                                    hourlyWages: boolean;
                                };
                                employeeFields: {
                                    birthDate: boolean;
                                    address: boolean;
                                    phone: boolean;
                                };
                                timeExchange: {
                                    attendances: boolean;
                                    absences: boolean;
                                };
                                absenceImport: {
                                    typeMap: {
                                        [key: string]: string;
                                    };
                                    backDays: number;
                                    aheadDays: number;
                                };
                                autoAddEmployees: boolean;
                                payrollPeriodTypes: {
                                    [key: string]: "monthly" | "four_weekly" | "weekly";
                                };
                                notificationEmails: string[];
                                syncTime: string;
                                syncStartDate: string | null;
                                attendanceExport: {
                                    continuous: boolean;
                                    from: string | null;
                                };
                            };
                            /** @enum {string} */
                            health: "healthy" | "warnings" | "failing" | "reconnect_needed";
                            healthDetail: string | null;
                            /** Format: date-time */
                            lastSuccessAt: string | null;
                            firstSyncApplied: boolean;
                            accountScope: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                kind: "company" | "employer" | "debtor";
                                parentId?: string;
                            }[] | null;
                            /** Format: date-time */
                            nextSyncAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Deactivate: stops syncing, keeps all data (F-14) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            vendor: string;
                            vendorLabel: string;
                            capabilities: ("employees:read" | "organisation:read" | "attendances:read" | "attendances:write" | "absences:read" | "payroll-hours:write" | "calendar:freebusy" | "calendar:events:write" | "video:meetings:write")[];
                            name: string;
                            baseUrl: string;
                            credentialsHint: string;
                            active: boolean;
                            settings: {
                                contractFields: {
                                    function: boolean;
                                    endDates: boolean;
                                    contractHours: boolean;
                                    hourlyWages: boolean;
                                };
                                employeeFields: {
                                    birthDate: boolean;
                                    address: boolean;
                                    phone: boolean;
                                };
                                timeExchange: {
                                    attendances: boolean;
                                    absences: boolean;
                                };
                                absenceImport: {
                                    typeMap: {
                                        [key: string]: string;
                                    };
                                    backDays: number;
                                    aheadDays: number;
                                };
                                autoAddEmployees: boolean;
                                payrollPeriodTypes: {
                                    [key: string]: "monthly" | "four_weekly" | "weekly";
                                };
                                notificationEmails: string[];
                                syncTime: string;
                                syncStartDate: string | null;
                                attendanceExport: {
                                    continuous: boolean;
                                    from: string | null;
                                };
                            };
                            /** @enum {string} */
                            health: "healthy" | "warnings" | "failing" | "reconnect_needed";
                            healthDetail: string | null;
                            /** Format: date-time */
                            lastSuccessAt: string | null;
                            firstSyncApplied: boolean;
                            accountScope: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                kind: "company" | "employer" | "debtor";
                                parentId?: string;
                            }[] | null;
                            /** Format: date-time */
                            nextSyncAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Configure (F-11): name, synced fields, auto-add, notification addresses, sync time; new credentials are verified live */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** Format: uri */
                        baseUrl?: string | null;
                        credentials?: {
                            [key: string]: string;
                        };
                        settings?: {
                            contractFields?: {
                                function?: boolean;
                                endDates?: boolean;
                                contractHours?: boolean;
                                hourlyWages?: boolean;
                            };
                            employeeFields?: {
                                birthDate?: boolean;
                                address?: boolean;
                                phone?: boolean;
                            };
                            timeExchange?: {
                                attendances?: boolean;
                                absences?: boolean;
                            };
                            autoAddEmployees?: boolean;
                            payrollPeriodTypes?: {
                                [key: string]: "monthly" | "four_weekly" | "weekly";
                            };
                            notificationEmails?: string[];
                            syncTime?: string;
                            syncStartDate?: string | null;
                            attendanceExport?: {
                                continuous?: boolean;
                                from?: string | null;
                            };
                        };
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            vendor: string;
                            vendorLabel: string;
                            capabilities: ("employees:read" | "organisation:read" | "attendances:read" | "attendances:write" | "absences:read" | "payroll-hours:write" | "calendar:freebusy" | "calendar:events:write" | "video:meetings:write")[];
                            name: string;
                            baseUrl: string;
                            credentialsHint: string;
                            active: boolean;
                            settings: {
                                contractFields: {
                                    function: boolean;
                                    endDates: boolean;
                                    contractHours: boolean;
                                    hourlyWages: boolean;
                                };
                                employeeFields: {
                                    birthDate: boolean;
                                    address: boolean;
                                    phone: boolean;
                                };
                                timeExchange: {
                                    attendances: boolean;
                                    absences: boolean;
                                };
                                absenceImport: {
                                    typeMap: {
                                        [key: string]: string;
                                    };
                                    backDays: number;
                                    aheadDays: number;
                                };
                                autoAddEmployees: boolean;
                                payrollPeriodTypes: {
                                    [key: string]: "monthly" | "four_weekly" | "weekly";
                                };
                                notificationEmails: string[];
                                syncTime: string;
                                syncStartDate: string | null;
                                attendanceExport: {
                                    continuous: boolean;
                                    from: string | null;
                                };
                            };
                            /** @enum {string} */
                            health: "healthy" | "warnings" | "failing" | "reconnect_needed";
                            healthDetail: string | null;
                            /** Format: date-time */
                            lastSuccessAt: string | null;
                            firstSyncApplied: boolean;
                            accountScope: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                kind: "company" | "employer" | "debtor";
                                parentId?: string;
                            }[] | null;
                            /** Format: date-time */
                            nextSyncAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/integrations/{id}/organisation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The HR system's departments, cost centers, contract types and (where it keeps a catalogue: Nmbrs) job functions, for the mapping dropdowns (read live) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            departments: {
                                externalId: string;
                                name: string;
                            }[];
                            costCenters: {
                                externalId: string;
                                name: string;
                            }[];
                            contractTypes: {
                                externalId: string;
                                name: string;
                            }[];
                            functions?: {
                                externalId: string;
                                name: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The companies / administrations the credentials can see (read live), with the ones the integration covers selected */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                kind: "company" | "employer" | "debtor";
                                parentId: string | null;
                                selected: boolean;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/scope": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Choose the companies / administrations the integration covers; every id must be one GET …/accounts lists (else 400 on accountIds.N) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        accountIds: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            vendor: string;
                            vendorLabel: string;
                            capabilities: ("employees:read" | "organisation:read" | "attendances:read" | "attendances:write" | "absences:read" | "payroll-hours:write" | "calendar:freebusy" | "calendar:events:write" | "video:meetings:write")[];
                            name: string;
                            baseUrl: string;
                            credentialsHint: string;
                            active: boolean;
                            settings: {
                                contractFields: {
                                    function: boolean;
                                    endDates: boolean;
                                    contractHours: boolean;
                                    hourlyWages: boolean;
                                };
                                employeeFields: {
                                    birthDate: boolean;
                                    address: boolean;
                                    phone: boolean;
                                };
                                timeExchange: {
                                    attendances: boolean;
                                    absences: boolean;
                                };
                                absenceImport: {
                                    typeMap: {
                                        [key: string]: string;
                                    };
                                    backDays: number;
                                    aheadDays: number;
                                };
                                autoAddEmployees: boolean;
                                payrollPeriodTypes: {
                                    [key: string]: "monthly" | "four_weekly" | "weekly";
                                };
                                notificationEmails: string[];
                                syncTime: string;
                                syncStartDate: string | null;
                                attendanceExport: {
                                    continuous: boolean;
                                    from: string | null;
                                };
                            };
                            /** @enum {string} */
                            health: "healthy" | "warnings" | "failing" | "reconnect_needed";
                            healthDetail: string | null;
                            /** Format: date-time */
                            lastSuccessAt: string | null;
                            firstSyncApplied: boolean;
                            accountScope: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                kind: "company" | "employer" | "debtor";
                                parentId?: string;
                            }[] | null;
                            /** Format: date-time */
                            nextSyncAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/mappings/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One mapping tab (F-12) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    kind: "department" | "cost_center" | "contract_type_in" | "contract_type_out" | "function";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            kind: "department" | "cost_center" | "contract_type_in" | "contract_type_out" | "function";
                            items: {
                                externalId: string;
                                externalName: string;
                                koppelId: string | null;
                                exclude: boolean;
                            }[];
                        };
                    };
                };
            };
        };
        /** Save one mapping tab (replaces it). contract_type_out: one row per Koppel contract type (koppelId) → external type */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    kind: "department" | "cost_center" | "contract_type_in" | "contract_type_out" | "function";
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        items: {
                            externalId: string;
                            externalName?: string;
                            /** Format: uuid */
                            koppelId: string | null;
                            exclude?: boolean;
                            /** @description Kind function only, with koppelId null: create a Koppel function named externalName (or use the one of that name) and map to it */
                            create?: boolean;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            kind: "department" | "cost_center" | "contract_type_in" | "contract_type_out" | "function";
                            items: {
                                externalId: string;
                                externalName: string;
                                koppelId: string | null;
                                exclude: boolean;
                            }[];
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Employee review lists (F-13): unlinked, linked, excluded, former; needs-action rows first */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    pageSize?: number;
                    list?: "unlinked" | "linked" | "excluded" | "former";
                    q?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                externalId: string;
                                name: string;
                                firstName: string;
                                prefix: string | null;
                                lastName: string;
                                email: string | null;
                                personnelNumber: string | null;
                                bsnMasked: string | null;
                                birthDate: string | null;
                                /** @enum {string} */
                                status: "active" | "former";
                                department: string | null;
                                costCenter: string | null;
                                contractType: string | null;
                                position: string | null;
                                hireDate: string | null;
                                terminationDate: string | null;
                                /** @enum {string} */
                                linkState: "unlinked" | "linked" | "excluded" | "skipped";
                                /** @enum {string|null} */
                                decision: "add" | null;
                                employee: {
                                    id: string;
                                    name: string;
                                } | null;
                                proposal: {
                                    action: string;
                                    employeeId: string | null;
                                    employeeName: string | null;
                                    candidates: {
                                        id: string;
                                        name: string;
                                    }[];
                                    recordId: string | null;
                                    reasons: string[];
                                    strength: string | null;
                                } | null;
                                needsAction: boolean;
                                issues: string[];
                                ruleExcluded: boolean;
                                missing: boolean;
                                warnings: string[];
                            }[];
                            total: number;
                            page: number;
                            pageSize: number;
                            lists: {
                                unlinked: {
                                    total: number;
                                    needsAction: number;
                                };
                                linked: {
                                    total: number;
                                    needsAction: number;
                                };
                                excluded: {
                                    total: number;
                                    needsAction: number;
                                };
                                former: {
                                    total: number;
                                    needsAction: number;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/records/{recordId}/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Row action: add (on the next apply), link to an existing employee, exclude (permanent), skip (this sync), unlink */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    recordId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        action: "add" | "link" | "exclude" | "skip" | "unlink";
                        /** Format: uuid */
                        employeeId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            externalId: string;
                            name: string;
                            firstName: string;
                            prefix: string | null;
                            lastName: string;
                            email: string | null;
                            personnelNumber: string | null;
                            bsnMasked: string | null;
                            birthDate: string | null;
                            /** @enum {string} */
                            status: "active" | "former";
                            department: string | null;
                            costCenter: string | null;
                            contractType: string | null;
                            position: string | null;
                            hireDate: string | null;
                            terminationDate: string | null;
                            /** @enum {string} */
                            linkState: "unlinked" | "linked" | "excluded" | "skipped";
                            /** @enum {string|null} */
                            decision: "add" | null;
                            employee: {
                                id: string;
                                name: string;
                            } | null;
                            proposal: {
                                action: string;
                                employeeId: string | null;
                                employeeName: string | null;
                                candidates: {
                                    id: string;
                                    name: string;
                                }[];
                                recordId: string | null;
                                reasons: string[];
                                strength: string | null;
                            } | null;
                            needsAction: boolean;
                            issues: string[];
                            ruleExcluded: boolean;
                            missing: boolean;
                            warnings: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/records/{recordId}/link-preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Before linking: the Koppel fields the link will overwrite at the next sync (old → new, BSN masked), planned as the sync would */
        get: {
            parameters: {
                query: {
                    employeeId: string;
                };
                header?: never;
                path: {
                    id: string;
                    recordId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            changes: {
                                /** @enum {string} */
                                entity: "employee" | "contract";
                                field: string;
                                old: unknown;
                                new: unknown;
                            }[];
                            /** @enum {string|null} */
                            contract: "adopt" | "create" | "update" | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sync now (202 with the run id). dryRun = preview only; the first sync of an integration is always a preview. full = re-read every record */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        dryRun?: boolean;
                        full?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            runId: string;
                            /** @enum {string} */
                            mode: "preview" | "apply" | "undo";
                            created: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sync history (F-16) */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    pageSize?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                integrationId: string;
                                /** @enum {string} */
                                trigger: "manual" | "schedule" | "cli" | "api";
                                /** @enum {string} */
                                mode: "preview" | "apply" | "undo";
                                /** @enum {string} */
                                status: "queued" | "running" | "succeeded" | "failed";
                                listing: string | null;
                                requestedBy: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                startedAt: string | null;
                                /** Format: date-time */
                                finishedAt: string | null;
                                counts: {
                                    /** @description Rows the HR system sent in this run (incremental: only what changed) */
                                    read: number;
                                    /** @description Rows the plan went through: every stored record, read now or earlier */
                                    checked: number;
                                    added: number;
                                    linked: number;
                                    updated: number;
                                    unchanged: number;
                                    excluded: number;
                                    failed: number;
                                    needsAction: number;
                                    skipped: number;
                                    former: number;
                                    /** @description Undo: employees whose fields were put back */
                                    reverted: number;
                                    /** @description Undo: employees the undone run had added, deleted */
                                    removed: number;
                                };
                                apiCalls: number;
                                progress: {
                                    phase: string;
                                    done: number;
                                    total: number;
                                    /** @description While the HR system is being retried: why, and when the next attempt is */
                                    retry?: {
                                        attempt: number;
                                        reason: string;
                                        detail: string;
                                        nextAttemptAt: string;
                                    };
                                } | null;
                                error: string | null;
                                previewRunId: string | null;
                                appliedRunId: string | null;
                                undoOfRunId: string | null;
                                undoneByRunId: string | null;
                            }[];
                            total: number;
                            page: number;
                            pageSize: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sync-runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One run: progress, counts, per-employee warnings and errors, diff */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            integrationId: string;
                            /** @enum {string} */
                            trigger: "manual" | "schedule" | "cli" | "api";
                            /** @enum {string} */
                            mode: "preview" | "apply" | "undo";
                            /** @enum {string} */
                            status: "queued" | "running" | "succeeded" | "failed";
                            listing: string | null;
                            requestedBy: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            startedAt: string | null;
                            /** Format: date-time */
                            finishedAt: string | null;
                            counts: {
                                /** @description Rows the HR system sent in this run (incremental: only what changed) */
                                read: number;
                                /** @description Rows the plan went through: every stored record, read now or earlier */
                                checked: number;
                                added: number;
                                linked: number;
                                updated: number;
                                unchanged: number;
                                excluded: number;
                                failed: number;
                                needsAction: number;
                                skipped: number;
                                former: number;
                                /** @description Undo: employees whose fields were put back */
                                reverted: number;
                                /** @description Undo: employees the undone run had added, deleted */
                                removed: number;
                            };
                            apiCalls: number;
                            progress: {
                                phase: string;
                                done: number;
                                total: number;
                                /** @description While the HR system is being retried: why, and when the next attempt is */
                                retry?: {
                                    attempt: number;
                                    reason: string;
                                    detail: string;
                                    nextAttemptAt: string;
                                };
                            } | null;
                            error: string | null;
                            previewRunId: string | null;
                            appliedRunId: string | null;
                            undoOfRunId: string | null;
                            undoneByRunId: string | null;
                            warnings: {
                                recordId?: string;
                                externalId?: string;
                                name: string;
                                messages: string[];
                            }[];
                            errors: {
                                recordId?: string;
                                externalId?: string;
                                name: string;
                                messages: string[];
                            }[];
                            diff: {
                                items: {
                                    recordId?: string;
                                    externalId?: string;
                                    name: string;
                                    action: string;
                                    employeeId?: string | null;
                                    changes: {
                                        field: string;
                                        old: unknown;
                                        new: unknown;
                                    }[];
                                    issues?: string[];
                                    needsAction?: boolean;
                                }[];
                                truncated: boolean;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sync-runs/{id}/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Apply a preview (F-17): re-planned against current Koppel data from the records the preview read */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            runId: string;
                            /** @enum {string} */
                            mode: "preview" | "apply" | "undo";
                            created: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sync-runs/{id}/undo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Undo a run's changes (F-18); employees it added are removed when untouched since */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            runId: string;
                            /** @enum {string} */
                            mode: "preview" | "apply" | "undo";
                            created: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/employees/{id}/sync-status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which fields of this employee an HR integration owns (edits to them are overwritten by the next sync) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            synced: boolean;
                            integrations: {
                                id: string;
                                name: string;
                                vendor: string;
                                active: boolean;
                                externalIds: string[];
                            }[];
                            employeeFields: string[];
                            contractFields: string[];
                            contractIds: string[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations-health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Integration health (F-19): state, last successful sync, next sync, open actions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            vendor: string;
                            vendorLabel: string;
                            active: boolean;
                            /** @enum {string} */
                            state: "healthy" | "warnings" | "failing" | "reconnect_needed";
                            detail: string | null;
                            /** Format: date-time */
                            lastSuccessAt: string | null;
                            /** Format: date-time */
                            nextSyncAt: string | null;
                            openActions: number;
                            lastRun: {
                                id: string;
                                status: string;
                                mode: string;
                                /** Format: date-time */
                                finishedAt: string | null;
                            } | null;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/absence-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The HR system's absence types, read live, with their mapping to Koppel absence types (F-22) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            enabled: boolean;
                            backDays: number;
                            aheadDays: number;
                            types: {
                                id: string;
                                name: string;
                                category: string | null;
                                /** @enum {string} */
                                unit: "DAY" | "HOUR";
                                koppelAbsenceTypeId: string | null;
                            }[];
                            koppelTypes: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                kind: "vacation" | "sick" | "special_leave" | "not_plannable" | "other";
                                importable: boolean;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/absence-import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Save the absence type mapping (vendor type id → Koppel type id, null = not imported) and the reconciled window (days back and ahead) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        typeMap: {
                            [key: string]: string | null;
                        };
                        backDays?: number;
                        aheadDays?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            typeMap: {
                                [key: string]: string;
                            };
                            backDays: number;
                            aheadDays: number;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/absence-import/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The last absence import runs: counts, skipped absences with the reason, error */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            integrationId: string;
                            trigger: string;
                            /** @enum {string} */
                            status: "running" | "succeeded" | "failed";
                            windowFrom: string | null;
                            windowTo: string | null;
                            counts: {
                                read: number;
                                created: number;
                                updated: number;
                                removed: number;
                                yielded: number;
                                unchanged: number;
                                skipped: number;
                                writes: number;
                                breakdownCalls: number;
                            };
                            skipped: {
                                externalId: string;
                                reason: string;
                                employeeId?: string;
                                conflictWith?: string;
                            }[];
                            error: string | null;
                            /** Format: date-time */
                            startedAt: string;
                            /** Format: date-time */
                            finishedAt: string | null;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Import absences now (202; the worker runs it; a run already queued is joined) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            jobId: number;
                            queued: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/absence-type-locks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Absence types managed by an HR system while its absence import is on: their absences cannot be managed in Koppel */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            absenceTypeId: string;
                            absenceTypeName: string;
                            integrationId: string;
                            integrationName: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List job positions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            title: string;
                            description: string | null;
                            location: string | null;
                            responsibleUserId: string;
                            responsibleUserName: string;
                            /** @enum {string} */
                            status: "open" | "closed";
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create a job position (recruiting staff) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title: string;
                        description?: string | null;
                        location?: string | null;
                        /** Format: uuid */
                        responsibleUserId: string;
                        /** @enum {string} */
                        status?: "open" | "closed";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            title: string;
                            description: string | null;
                            location: string | null;
                            responsibleUserId: string;
                            responsibleUserName: string;
                            /** @enum {string} */
                            status: "open" | "closed";
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a job position */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            title: string;
                            description: string | null;
                            location: string | null;
                            responsibleUserId: string;
                            responsibleUserName: string;
                            /** @enum {string} */
                            status: "open" | "closed";
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a job position (refused while in use) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a job position (recruiting staff) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title?: string;
                        description?: string | null;
                        location?: string | null;
                        /** Format: uuid */
                        responsibleUserId?: string;
                        /** @enum {string} */
                        status?: "open" | "closed";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            title: string;
                            description: string | null;
                            location: string | null;
                            responsibleUserId: string;
                            responsibleUserName: string;
                            /** @enum {string} */
                            status: "open" | "closed";
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/recruiting/candidates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List candidates */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            email: string;
                            phone: string | null;
                            /** @enum {string} */
                            language: "nl" | "de" | "en";
                            timeZone: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create a candidate (recruiting staff) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** Format: email */
                        email: string;
                        phone?: string | null;
                        /** @enum {string} */
                        language: "nl" | "de" | "en";
                        timeZone: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            email: string;
                            phone: string | null;
                            /** @enum {string} */
                            language: "nl" | "de" | "en";
                            timeZone: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/candidates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a candidate */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            email: string;
                            phone: string | null;
                            /** @enum {string} */
                            language: "nl" | "de" | "en";
                            timeZone: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a candidate (refused while in use) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a candidate (recruiting staff) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** Format: email */
                        email?: string;
                        phone?: string | null;
                        /** @enum {string} */
                        language?: "nl" | "de" | "en";
                        timeZone?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            email: string;
                            phone: string | null;
                            /** @enum {string} */
                            language: "nl" | "de" | "en";
                            timeZone: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/recruiting/interview-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List interview types */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            defaultDurationMinutes: number;
                            defaultEvaluationFormId: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create a interview type (recruiting staff) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        defaultDurationMinutes: number;
                        /** Format: uuid */
                        defaultEvaluationFormId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            defaultDurationMinutes: number;
                            defaultEvaluationFormId: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/interview-types/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a interview type */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            defaultDurationMinutes: number;
                            defaultEvaluationFormId: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a interview type (refused while in use) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a interview type (recruiting staff) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        defaultDurationMinutes?: number;
                        /** Format: uuid */
                        defaultEvaluationFormId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            defaultDurationMinutes: number;
                            defaultEvaluationFormId: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/recruiting/evaluation-forms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List evaluation forms */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            questions: {
                                id: string;
                                text: string;
                                /** @enum {string} */
                                kind: "text" | "rating" | "yes_no";
                            }[];
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create a evaluation form (recruiting staff) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        questions: {
                            id?: string;
                            text: string;
                            /** @enum {string} */
                            kind: "text" | "rating" | "yes_no";
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            questions: {
                                id: string;
                                text: string;
                                /** @enum {string} */
                                kind: "text" | "rating" | "yes_no";
                            }[];
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/evaluation-forms/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a evaluation form */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            questions: {
                                id: string;
                                text: string;
                                /** @enum {string} */
                                kind: "text" | "rating" | "yes_no";
                            }[];
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a evaluation form (refused while in use) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a evaluation form (recruiting staff) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        questions?: {
                            id?: string;
                            text: string;
                            /** @enum {string} */
                            kind: "text" | "rating" | "yes_no";
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            questions: {
                                id: string;
                                text: string;
                                /** @enum {string} */
                                kind: "text" | "rating" | "yes_no";
                            }[];
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/recruiting/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List recruiting roles */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            permissions: {
                                candidateContact: boolean;
                                applicationNotes: boolean;
                                otherEvaluations: boolean;
                                interviewNotes: boolean;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create a recruiting role (recruiting staff) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        permissions: {
                            candidateContact: boolean;
                            applicationNotes: boolean;
                            otherEvaluations: boolean;
                            interviewNotes: boolean;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            permissions: {
                                candidateContact: boolean;
                                applicationNotes: boolean;
                                otherEvaluations: boolean;
                                interviewNotes: boolean;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/roles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a recruiting role */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            permissions: {
                                candidateContact: boolean;
                                applicationNotes: boolean;
                                otherEvaluations: boolean;
                                interviewNotes: boolean;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a recruiting role (refused while in use) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a recruiting role (recruiting staff) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        permissions?: {
                            candidateContact: boolean;
                            applicationNotes: boolean;
                            otherEvaluations: boolean;
                            interviewNotes: boolean;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            permissions: {
                                candidateContact: boolean;
                                applicationNotes: boolean;
                                otherEvaluations: boolean;
                                interviewNotes: boolean;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/recruiting/rooms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List rooms */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            email: string;
                            capacity: number;
                            calendarConnected: boolean;
                            calendarConnectionId: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create a room (recruiting staff) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** Format: email */
                        email: string;
                        capacity: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            email: string;
                            capacity: number;
                            calendarConnected: boolean;
                            calendarConnectionId: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/rooms/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a room */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            email: string;
                            capacity: number;
                            calendarConnected: boolean;
                            calendarConnectionId: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a room (refused while in use) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a room (recruiting staff) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** Format: email */
                        email?: string;
                        capacity?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            email: string;
                            capacity: number;
                            calendarConnected: boolean;
                            calendarConnectionId: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/recruiting/applications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List applications */
        get: {
            parameters: {
                query?: {
                    jobId?: string;
                    candidateId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            candidateId: string;
                            jobId: string;
                            /** @enum {string} */
                            stage: "applied" | "screening" | "interview" | "offer" | "hired" | "rejected";
                            notes: string | null;
                            candidateName: string;
                            candidateEmail: string | null;
                            jobTitle: string;
                            responsibleUserId: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Create an application (recruiting staff) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        candidateId: string;
                        /** Format: uuid */
                        jobId: string;
                        /** @enum {string} */
                        stage?: "applied" | "screening" | "interview" | "offer" | "hired" | "rejected";
                        notes?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            candidateId: string;
                            jobId: string;
                            /** @enum {string} */
                            stage: "applied" | "screening" | "interview" | "offer" | "hired" | "rejected";
                            notes: string | null;
                            candidateName: string;
                            candidateEmail: string | null;
                            jobTitle: string;
                            responsibleUserId: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/applications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            candidateId: string;
                            jobId: string;
                            /** @enum {string} */
                            stage: "applied" | "screening" | "interview" | "offer" | "hired" | "rejected";
                            notes: string | null;
                            candidateName: string;
                            candidateEmail: string | null;
                            jobTitle: string;
                            responsibleUserId: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        candidateId?: string;
                        /** Format: uuid */
                        jobId?: string;
                        /** @enum {string} */
                        stage?: "applied" | "screening" | "interview" | "offer" | "hired" | "rejected";
                        notes?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            candidateId: string;
                            jobId: string;
                            /** @enum {string} */
                            stage: "applied" | "screening" | "interview" | "offer" | "hired" | "rejected";
                            notes: string | null;
                            candidateName: string;
                            candidateEmail: string | null;
                            jobTitle: string;
                            responsibleUserId: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/recruiting/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users with their calendar state (⚠ when not connected) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            email?: string;
                            role?: string;
                            timeZone: string;
                            calendarConnected: boolean;
                            /** @enum {string|null} */
                            calendarKind: "caldav" | "google" | "microsoft" | null;
                            /** @enum {string|null} */
                            calendarStatus: "connected" | "reconnect_needed" | null;
                            videoProviders: ("google_meet" | "teams" | "zoom" | "gotomeeting")[];
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/users/{id}/working-hours": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's working hours (own; staff: anyone) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            userId: string;
                            timeZone: string;
                            isDefault: boolean;
                            days: {
                                weekday: number;
                                start: string;
                                end: string;
                            }[];
                        };
                    };
                };
            };
        };
        /** Set working hours: one range per weekday in the user's zone (own; staff: anyone) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        days: {
                            weekday: number;
                            start: string;
                            end: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            userId: string;
                            timeZone: string;
                            isDefault: boolean;
                            days: {
                                weekday: number;
                                start: string;
                                end: string;
                            }[];
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Calendar and video connections (own; staff: anyone or a room) */
        get: {
            parameters: {
                query?: {
                    userId?: string;
                    roomId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            ownerType: "user" | "room";
                            userId: string | null;
                            roomId: string | null;
                            /** @enum {string} */
                            kind: "caldav" | "google" | "microsoft" | "zoom" | "gotomeeting";
                            /** @enum {string} */
                            category: "calendar" | "video";
                            account: string;
                            /** @enum {string} */
                            status: "connected" | "reconnect_needed";
                            lastErrorCode: string | null;
                            /** Format: date-time */
                            lastErrorAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/connections/caldav": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Connect a CalDAV calendar (checked live before saving) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uri */
                        url: string;
                        username: string;
                        password: string;
                        /** Format: uri */
                        calendarUrl?: string | null;
                        /** Format: uuid */
                        roomId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            ownerType: "user" | "room";
                            userId: string | null;
                            roomId: string | null;
                            /** @enum {string} */
                            kind: "caldav" | "google" | "microsoft" | "zoom" | "gotomeeting";
                            /** @enum {string} */
                            category: "calendar" | "video";
                            account: string;
                            /** @enum {string} */
                            status: "connected" | "reconnect_needed";
                            lastErrorCode: string | null;
                            /** Format: date-time */
                            lastErrorAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/connections/oauth/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start connecting Google, Microsoft, Zoom or GoToMeeting */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "google" | "microsoft" | "zoom" | "gotomeeting";
                        /** Format: uri */
                        redirectUri: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authorizeUrl: string;
                            state: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/connections/oauth/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Finish connecting: exchange the code */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        state: string;
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            ownerType: "user" | "room";
                            userId: string | null;
                            roomId: string | null;
                            /** @enum {string} */
                            kind: "caldav" | "google" | "microsoft" | "zoom" | "gotomeeting";
                            /** @enum {string} */
                            category: "calendar" | "video";
                            account: string;
                            /** @enum {string} */
                            status: "connected" | "reconnect_needed";
                            lastErrorCode: string | null;
                            /** Format: date-time */
                            lastErrorAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/connections/{id}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check a connection live */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            ownerType: "user" | "room";
                            userId: string | null;
                            roomId: string | null;
                            /** @enum {string} */
                            kind: "caldav" | "google" | "microsoft" | "zoom" | "gotomeeting";
                            /** @enum {string} */
                            category: "calendar" | "video";
                            account: string;
                            /** @enum {string} */
                            status: "connected" | "reconnect_needed";
                            lastErrorCode: string | null;
                            /** Format: date-time */
                            lastErrorAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/connections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/oauth-apps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** OAuth apps per provider (secrets never returned) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            kind: "google" | "microsoft" | "zoom" | "gotomeeting";
                            clientId: string;
                            hasSecret: boolean;
                            authorizeUrl: string;
                            tokenUrl: string;
                            apiBaseUrl: string;
                            scopes: string;
                        }[];
                    };
                };
            };
        };
        /** Set the OAuth app of one provider (secret kept when omitted) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "google" | "microsoft" | "zoom" | "gotomeeting";
                        clientId: string;
                        clientSecret?: string | null;
                        /** Format: uri */
                        authorizeUrl?: string | null;
                        /** Format: uri */
                        tokenUrl?: string | null;
                        /** Format: uri */
                        apiBaseUrl?: string | null;
                        scopes?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            kind: "google" | "microsoft" | "zoom" | "gotomeeting";
                            clientId: string;
                            hasSecret: boolean;
                            authorizeUrl: string;
                            tokenUrl: string;
                            apiBaseUrl: string;
                            scopes: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Busy time, absences, holidays and free slots for the scheduling calendar */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        userIds: string[];
                        roomIds?: string[];
                        /** Format: date-time */
                        from: string;
                        /** Format: date-time */
                        to: string;
                        durationMinutes?: number;
                        bufferBeforeMinutes?: number;
                        bufferAfterMinutes?: number;
                        showPrivateTitles?: boolean;
                        /** Format: uuid */
                        excludeInterviewId?: string | null;
                        maxSlots?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            participants: {
                                userId: string;
                                name: string;
                                email: string;
                                timeZone: string;
                                calendarConnected: boolean;
                                error: {
                                    code: string;
                                    message: string;
                                } | null;
                                busy: {
                                    /** Format: date-time */
                                    start: string;
                                    /** Format: date-time */
                                    end: string;
                                    title: string | null;
                                    private: boolean;
                                    tentative: boolean;
                                    allDay: boolean;
                                    /** @enum {string} */
                                    source: "calendar" | "interview";
                                }[];
                                absences: {
                                    /** Format: date-time */
                                    start: string;
                                    /** Format: date-time */
                                    end: string;
                                    kind: string;
                                    label: string;
                                }[];
                                holidays: {
                                    /** Format: date-time */
                                    start: string;
                                    /** Format: date-time */
                                    end: string;
                                    date: string;
                                    name: string;
                                }[];
                                working: {
                                    /** Format: date-time */
                                    start: string;
                                    /** Format: date-time */
                                    end: string;
                                }[];
                            }[];
                            rooms: {
                                roomId: string;
                                name: string;
                                error: {
                                    code: string;
                                    message: string;
                                } | null;
                                busy: {
                                    /** Format: date-time */
                                    start: string;
                                    /** Format: date-time */
                                    end: string;
                                }[];
                            }[];
                            slots: {
                                /** Format: date-time */
                                start: string;
                                /** Format: date-time */
                                end: string;
                                roomIds: string[];
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/interviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Interviews (interviewers: their own) */
        get: {
            parameters: {
                query?: {
                    applicationId?: string;
                    from?: string;
                    to?: string;
                    status?: "scheduled" | "completed" | "cancelled";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            applicationId: string;
                            candidate: {
                                id: string;
                                name: string;
                                email: string | null;
                                /** @enum {string} */
                                language: "nl" | "de" | "en";
                                timeZone: string;
                            };
                            job: {
                                id: string;
                                title: string;
                            };
                            interviewTypeId: string;
                            interviewTypeName: string;
                            /** @enum {string} */
                            status: "scheduled" | "completed" | "cancelled";
                            /** @enum {string} */
                            method: "in_person" | "phone" | "video";
                            /** @enum {string|null} */
                            videoProvider: "google_meet" | "teams" | "zoom" | "gotomeeting" | null;
                            videoJoinUrl: string | null;
                            videoHostUserId: string | null;
                            phoneNumber: string | null;
                            roomId: string | null;
                            roomName: string | null;
                            location: string | null;
                            /** Format: date-time */
                            start: string;
                            /** Format: date-time */
                            end: string;
                            timeZone: string;
                            startLocal: string;
                            endLocal: string;
                            organizer: {
                                userId: string;
                                name: string;
                                email: string;
                                attends: boolean;
                            };
                            participants: {
                                id: string;
                                /** @enum {string} */
                                kind: "interviewer" | "candidate" | "room";
                                userId: string | null;
                                roomId: string | null;
                                name: string;
                                email: string | null;
                                /** @enum {string} */
                                status: "needs_action" | "accepted" | "declined" | "tentative" | "email_sent";
                                recruitingRoleId: string | null;
                                /** @enum {string} */
                                delivery: "pending" | "done" | "failed" | "skipped";
                                deliveryError: string | null;
                            }[];
                            /** @enum {string} */
                            delivery: "pending" | "done" | "failed";
                            deliveryError: string | null;
                            roomReplacements: {
                                roomId: string;
                                name: string;
                            }[] | null;
                            sequence: number;
                            evaluationFormId: string | null;
                            candidateMessage: string | null;
                            notes: string | null;
                            cancelReason: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        /** Schedule an interview (re-checked and locked against double booking) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        applicationId: string;
                        /** Format: uuid */
                        interviewTypeId: string;
                        /** Format: uuid */
                        organizerId: string;
                        organizerAttends?: boolean;
                        interviewers: {
                            /** Format: uuid */
                            userId: string;
                            /** Format: uuid */
                            recruitingRoleId?: string | null;
                        }[];
                        /** Format: date-time */
                        start: string;
                        /** Format: date-time */
                        end: string;
                        /** Format: uuid */
                        roomId?: string | null;
                        /** @enum {string} */
                        method: "in_person" | "phone" | "video";
                        /** @enum {string|null} */
                        videoProvider?: "google_meet" | "teams" | "zoom" | "gotomeeting" | null;
                        /** Format: uuid */
                        videoHostUserId?: string | null;
                        phoneNumber?: string | null;
                        location?: string | null;
                        candidateMessage?: string | null;
                        notes?: string | null;
                        /** Format: uuid */
                        evaluationFormId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            applicationId: string;
                            candidate: {
                                id: string;
                                name: string;
                                email: string | null;
                                /** @enum {string} */
                                language: "nl" | "de" | "en";
                                timeZone: string;
                            };
                            job: {
                                id: string;
                                title: string;
                            };
                            interviewTypeId: string;
                            interviewTypeName: string;
                            /** @enum {string} */
                            status: "scheduled" | "completed" | "cancelled";
                            /** @enum {string} */
                            method: "in_person" | "phone" | "video";
                            /** @enum {string|null} */
                            videoProvider: "google_meet" | "teams" | "zoom" | "gotomeeting" | null;
                            videoJoinUrl: string | null;
                            videoHostUserId: string | null;
                            phoneNumber: string | null;
                            roomId: string | null;
                            roomName: string | null;
                            location: string | null;
                            /** Format: date-time */
                            start: string;
                            /** Format: date-time */
                            end: string;
                            timeZone: string;
                            startLocal: string;
                            endLocal: string;
                            organizer: {
                                userId: string;
                                name: string;
                                email: string;
                                attends: boolean;
                            };
                            participants: {
                                id: string;
                                /** @enum {string} */
                                kind: "interviewer" | "candidate" | "room";
                                userId: string | null;
                                roomId: string | null;
                                name: string;
                                email: string | null;
                                /** @enum {string} */
                                status: "needs_action" | "accepted" | "declined" | "tentative" | "email_sent";
                                recruitingRoleId: string | null;
                                /** @enum {string} */
                                delivery: "pending" | "done" | "failed" | "skipped";
                                deliveryError: string | null;
                            }[];
                            /** @enum {string} */
                            delivery: "pending" | "done" | "failed";
                            deliveryError: string | null;
                            roomReplacements: {
                                roomId: string;
                                name: string;
                            }[] | null;
                            sequence: number;
                            evaluationFormId: string | null;
                            candidateMessage: string | null;
                            notes: string | null;
                            cancelReason: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/interviews/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            applicationId: string;
                            candidate: {
                                id: string;
                                name: string;
                                email: string | null;
                                /** @enum {string} */
                                language: "nl" | "de" | "en";
                                timeZone: string;
                            };
                            job: {
                                id: string;
                                title: string;
                            };
                            interviewTypeId: string;
                            interviewTypeName: string;
                            /** @enum {string} */
                            status: "scheduled" | "completed" | "cancelled";
                            /** @enum {string} */
                            method: "in_person" | "phone" | "video";
                            /** @enum {string|null} */
                            videoProvider: "google_meet" | "teams" | "zoom" | "gotomeeting" | null;
                            videoJoinUrl: string | null;
                            videoHostUserId: string | null;
                            phoneNumber: string | null;
                            roomId: string | null;
                            roomName: string | null;
                            location: string | null;
                            /** Format: date-time */
                            start: string;
                            /** Format: date-time */
                            end: string;
                            timeZone: string;
                            startLocal: string;
                            endLocal: string;
                            organizer: {
                                userId: string;
                                name: string;
                                email: string;
                                attends: boolean;
                            };
                            participants: {
                                id: string;
                                /** @enum {string} */
                                kind: "interviewer" | "candidate" | "room";
                                userId: string | null;
                                roomId: string | null;
                                name: string;
                                email: string | null;
                                /** @enum {string} */
                                status: "needs_action" | "accepted" | "declined" | "tentative" | "email_sent";
                                recruitingRoleId: string | null;
                                /** @enum {string} */
                                delivery: "pending" | "done" | "failed" | "skipped";
                                deliveryError: string | null;
                            }[];
                            /** @enum {string} */
                            delivery: "pending" | "done" | "failed";
                            deliveryError: string | null;
                            roomReplacements: {
                                roomId: string;
                                name: string;
                            }[] | null;
                            sequence: number;
                            evaluationFormId: string | null;
                            candidateMessage: string | null;
                            notes: string | null;
                            cancelReason: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Reschedule / change (SEQUENCE+1, same video link) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        start?: string;
                        /** Format: date-time */
                        end?: string;
                        /** Format: uuid */
                        roomId?: string | null;
                        interviewers?: {
                            /** Format: uuid */
                            userId: string;
                            /** Format: uuid */
                            recruitingRoleId?: string | null;
                        }[];
                        candidateMessage?: string | null;
                        notes?: string | null;
                        /** Format: uuid */
                        evaluationFormId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            applicationId: string;
                            candidate: {
                                id: string;
                                name: string;
                                email: string | null;
                                /** @enum {string} */
                                language: "nl" | "de" | "en";
                                timeZone: string;
                            };
                            job: {
                                id: string;
                                title: string;
                            };
                            interviewTypeId: string;
                            interviewTypeName: string;
                            /** @enum {string} */
                            status: "scheduled" | "completed" | "cancelled";
                            /** @enum {string} */
                            method: "in_person" | "phone" | "video";
                            /** @enum {string|null} */
                            videoProvider: "google_meet" | "teams" | "zoom" | "gotomeeting" | null;
                            videoJoinUrl: string | null;
                            videoHostUserId: string | null;
                            phoneNumber: string | null;
                            roomId: string | null;
                            roomName: string | null;
                            location: string | null;
                            /** Format: date-time */
                            start: string;
                            /** Format: date-time */
                            end: string;
                            timeZone: string;
                            startLocal: string;
                            endLocal: string;
                            organizer: {
                                userId: string;
                                name: string;
                                email: string;
                                attends: boolean;
                            };
                            participants: {
                                id: string;
                                /** @enum {string} */
                                kind: "interviewer" | "candidate" | "room";
                                userId: string | null;
                                roomId: string | null;
                                name: string;
                                email: string | null;
                                /** @enum {string} */
                                status: "needs_action" | "accepted" | "declined" | "tentative" | "email_sent";
                                recruitingRoleId: string | null;
                                /** @enum {string} */
                                delivery: "pending" | "done" | "failed" | "skipped";
                                deliveryError: string | null;
                            }[];
                            /** @enum {string} */
                            delivery: "pending" | "done" | "failed";
                            deliveryError: string | null;
                            roomReplacements: {
                                roomId: string;
                                name: string;
                            }[] | null;
                            sequence: number;
                            evaluationFormId: string | null;
                            candidateMessage: string | null;
                            notes: string | null;
                            cancelReason: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/recruiting/interviews/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            applicationId: string;
                            candidate: {
                                id: string;
                                name: string;
                                email: string | null;
                                /** @enum {string} */
                                language: "nl" | "de" | "en";
                                timeZone: string;
                            };
                            job: {
                                id: string;
                                title: string;
                            };
                            interviewTypeId: string;
                            interviewTypeName: string;
                            /** @enum {string} */
                            status: "scheduled" | "completed" | "cancelled";
                            /** @enum {string} */
                            method: "in_person" | "phone" | "video";
                            /** @enum {string|null} */
                            videoProvider: "google_meet" | "teams" | "zoom" | "gotomeeting" | null;
                            videoJoinUrl: string | null;
                            videoHostUserId: string | null;
                            phoneNumber: string | null;
                            roomId: string | null;
                            roomName: string | null;
                            location: string | null;
                            /** Format: date-time */
                            start: string;
                            /** Format: date-time */
                            end: string;
                            timeZone: string;
                            startLocal: string;
                            endLocal: string;
                            organizer: {
                                userId: string;
                                name: string;
                                email: string;
                                attends: boolean;
                            };
                            participants: {
                                id: string;
                                /** @enum {string} */
                                kind: "interviewer" | "candidate" | "room";
                                userId: string | null;
                                roomId: string | null;
                                name: string;
                                email: string | null;
                                /** @enum {string} */
                                status: "needs_action" | "accepted" | "declined" | "tentative" | "email_sent";
                                recruitingRoleId: string | null;
                                /** @enum {string} */
                                delivery: "pending" | "done" | "failed" | "skipped";
                                deliveryError: string | null;
                            }[];
                            /** @enum {string} */
                            delivery: "pending" | "done" | "failed";
                            deliveryError: string | null;
                            roomReplacements: {
                                roomId: string;
                                name: string;
                            }[] | null;
                            sequence: number;
                            evaluationFormId: string | null;
                            candidateMessage: string | null;
                            notes: string | null;
                            cancelReason: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/interviews/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            applicationId: string;
                            candidate: {
                                id: string;
                                name: string;
                                email: string | null;
                                /** @enum {string} */
                                language: "nl" | "de" | "en";
                                timeZone: string;
                            };
                            job: {
                                id: string;
                                title: string;
                            };
                            interviewTypeId: string;
                            interviewTypeName: string;
                            /** @enum {string} */
                            status: "scheduled" | "completed" | "cancelled";
                            /** @enum {string} */
                            method: "in_person" | "phone" | "video";
                            /** @enum {string|null} */
                            videoProvider: "google_meet" | "teams" | "zoom" | "gotomeeting" | null;
                            videoJoinUrl: string | null;
                            videoHostUserId: string | null;
                            phoneNumber: string | null;
                            roomId: string | null;
                            roomName: string | null;
                            location: string | null;
                            /** Format: date-time */
                            start: string;
                            /** Format: date-time */
                            end: string;
                            timeZone: string;
                            startLocal: string;
                            endLocal: string;
                            organizer: {
                                userId: string;
                                name: string;
                                email: string;
                                attends: boolean;
                            };
                            participants: {
                                id: string;
                                /** @enum {string} */
                                kind: "interviewer" | "candidate" | "room";
                                userId: string | null;
                                roomId: string | null;
                                name: string;
                                email: string | null;
                                /** @enum {string} */
                                status: "needs_action" | "accepted" | "declined" | "tentative" | "email_sent";
                                recruitingRoleId: string | null;
                                /** @enum {string} */
                                delivery: "pending" | "done" | "failed" | "skipped";
                                deliveryError: string | null;
                            }[];
                            /** @enum {string} */
                            delivery: "pending" | "done" | "failed";
                            deliveryError: string | null;
                            roomReplacements: {
                                roomId: string;
                                name: string;
                            }[] | null;
                            sequence: number;
                            evaluationFormId: string | null;
                            candidateMessage: string | null;
                            notes: string | null;
                            cancelReason: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/interviews/{id}/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Read responses from calendars and mailed replies now */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            applicationId: string;
                            candidate: {
                                id: string;
                                name: string;
                                email: string | null;
                                /** @enum {string} */
                                language: "nl" | "de" | "en";
                                timeZone: string;
                            };
                            job: {
                                id: string;
                                title: string;
                            };
                            interviewTypeId: string;
                            interviewTypeName: string;
                            /** @enum {string} */
                            status: "scheduled" | "completed" | "cancelled";
                            /** @enum {string} */
                            method: "in_person" | "phone" | "video";
                            /** @enum {string|null} */
                            videoProvider: "google_meet" | "teams" | "zoom" | "gotomeeting" | null;
                            videoJoinUrl: string | null;
                            videoHostUserId: string | null;
                            phoneNumber: string | null;
                            roomId: string | null;
                            roomName: string | null;
                            location: string | null;
                            /** Format: date-time */
                            start: string;
                            /** Format: date-time */
                            end: string;
                            timeZone: string;
                            startLocal: string;
                            endLocal: string;
                            organizer: {
                                userId: string;
                                name: string;
                                email: string;
                                attends: boolean;
                            };
                            participants: {
                                id: string;
                                /** @enum {string} */
                                kind: "interviewer" | "candidate" | "room";
                                userId: string | null;
                                roomId: string | null;
                                name: string;
                                email: string | null;
                                /** @enum {string} */
                                status: "needs_action" | "accepted" | "declined" | "tentative" | "email_sent";
                                recruitingRoleId: string | null;
                                /** @enum {string} */
                                delivery: "pending" | "done" | "failed" | "skipped";
                                deliveryError: string | null;
                            }[];
                            /** @enum {string} */
                            delivery: "pending" | "done" | "failed";
                            deliveryError: string | null;
                            roomReplacements: {
                                roomId: string;
                                name: string;
                            }[] | null;
                            sequence: number;
                            evaluationFormId: string | null;
                            candidateMessage: string | null;
                            notes: string | null;
                            cancelReason: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/interviews/{id}/replacements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who (or which room) is free to replace a participant (F-41) */
        get: {
            parameters: {
                query: {
                    participantId: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            available: {
                                userId?: string;
                                roomId?: string;
                                name: string;
                            }[];
                            unavailable: {
                                userId?: string;
                                roomId?: string;
                                name: string;
                                reason: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/interviews/{id}/evaluations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            userId: string;
                            userName: string;
                            answers: {
                                questionId: string;
                                value: string | number | boolean;
                            }[];
                            /** @enum {string|null} */
                            recommendation: "strong_yes" | "yes" | "no" | "strong_no" | null;
                            /** Format: date-time */
                            submittedAt: string | null;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/interviews/{id}/evaluations/mine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        answers: {
                            questionId: string;
                            value: string | number | boolean;
                        }[];
                        /** @enum {string|null} */
                        recommendation?: "strong_yes" | "yes" | "no" | "strong_no" | null;
                        submit: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            userId: string;
                            userName: string;
                            answers: {
                                questionId: string;
                                value: string | number | boolean;
                            }[];
                            /** @enum {string|null} */
                            recommendation: "strong_yes" | "yes" | "no" | "strong_no" | null;
                            /** Format: date-time */
                            submittedAt: string | null;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/applications/{id}/scheduling-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        interviewTypeId: string;
                        /** Format: uuid */
                        organizerId: string;
                        interviewerIds: string[];
                        durationMinutes: number;
                        bufferBeforeMinutes?: number;
                        bufferAfterMinutes?: number;
                        days?: number;
                        /** Format: uuid */
                        roomId?: string | null;
                        /** @enum {string} */
                        method: "in_person" | "phone" | "video";
                        /** @enum {string|null} */
                        videoProvider?: "google_meet" | "teams" | "zoom" | "gotomeeting" | null;
                        /** Format: uuid */
                        videoHostUserId?: string | null;
                        phoneNumber?: string | null;
                        candidateMessage?: string | null;
                        sendMail?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            applicationId: string;
                            /** @enum {string} */
                            status: "active" | "used" | "expired" | "revoked";
                            /** Format: date-time */
                            expiresAt: string;
                            interviewId: string | null;
                            interviewTypeId: string;
                            organizerId: string;
                            interviewerIds: string[];
                            durationMinutes: number;
                            bufferBeforeMinutes: number;
                            bufferAfterMinutes: number;
                            days: number;
                            roomId: string | null;
                            /** @enum {string} */
                            method: "in_person" | "phone" | "video";
                            /** @enum {string|null} */
                            videoProvider: "google_meet" | "teams" | "zoom" | "gotomeeting" | null;
                            /** Format: date-time */
                            createdAt: string;
                            url: string;
                            /** @description The mail to the candidate: follow it at GET /mail-deliveries/{id} */
                            mailDeliveryId: number | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/scheduling-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    applicationId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            applicationId: string;
                            /** @enum {string} */
                            status: "active" | "used" | "expired" | "revoked";
                            /** Format: date-time */
                            expiresAt: string;
                            interviewId: string | null;
                            interviewTypeId: string;
                            organizerId: string;
                            interviewerIds: string[];
                            durationMinutes: number;
                            bufferBeforeMinutes: number;
                            bufferAfterMinutes: number;
                            days: number;
                            roomId: string | null;
                            /** @enum {string} */
                            method: "in_person" | "phone" | "video";
                            /** @enum {string|null} */
                            videoProvider: "google_meet" | "teams" | "zoom" | "gotomeeting" | null;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/scheduling-links/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/public/scheduling/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Smart scheduling link: free options (no login) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            candidateName: string;
                            jobTitle: string;
                            companyName: string;
                            durationMinutes: number;
                            timeZone: string;
                            /** @enum {string} */
                            language: "nl" | "de" | "en";
                            options: {
                                /** Format: date-time */
                                start: string;
                                /** Format: date-time */
                                end: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recruiting/public/scheduling/{token}/book": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Smart scheduling link: book one option (no login) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        start: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            interviewId: string;
                            /** Format: date-time */
                            start: string;
                            /** Format: date-time */
                            end: string;
                            timeZone: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/outbound/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The integration's dead letters: items that gave up after retries, or that the vendor refused */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @description What is exported, e.g. 'personio.attendance' */
                            kind: string;
                            idempotencyKey: string;
                            /** @description The Koppel object the item comes from (a shift, an absence) */
                            subjectId: string | null;
                            periodDate: string;
                            /**
                             * @description dead: gave up after retries · refused: the vendor refused the data itself
                             * @enum {string}
                             */
                            status: "dead" | "refused";
                            attempts: number;
                            error: {
                                code: string;
                                message: string;
                            } | null;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/outbound/items/{itemId}/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An outbound item's attempts and the vendor's answers, oldest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    itemId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            operation: "write" | "remove" | "read_back";
                            outcome: string;
                            errorCode: string | null;
                            message: string | null;
                            /** Format: date-time */
                            at: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/outbound/items/{itemId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry a dead letter now
         * @description Attempts count afresh; the job outbound.retry-due of its kind is enqueued (one per integration and kind). 409 when the item is not a dead letter.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    itemId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            kind: string;
                            jobId: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/outbound/items/{itemId}/dismiss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a dead letter aside: not sent again until its content changes */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    itemId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/outbound/corrections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Corrections: shifts and absences written on days this integration already sent (newest first, at most 200) */
        get: {
            parameters: {
                query?: {
                    state?: "open" | "carried" | "all";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            kind: string;
                            /** @enum {string} */
                            subjectType: "shift" | "absence";
                            subjectId: string;
                            day: string;
                            /** @enum {string} */
                            action: "create" | "update" | "delete" | "approve" | "reject" | "reopen" | "import";
                            actorName: string;
                            before: {
                                [key: string]: unknown;
                            } | null;
                            after: {
                                [key: string]: unknown;
                            } | null;
                            /** @description Why it was corrected, when a reason was asked (an approved shift) */
                            reason: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description When a later send of this kind covering the day carried it; null while open
                             */
                            carriedAt: string | null;
                            carriedRunId: string | null;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/outbound/locked-days": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sent days between two dates (at most 400 days), per integration and export kind
         * @description A write of a shift or absence on such a day is refused with 409 conflict (details.reason period_sent) unless confirmCorrection is true.
         */
        get: {
            parameters: {
                query: {
                    from: string;
                    to: string;
                    subject?: "shift" | "absence";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            day: string;
                            integrationId: string;
                            integrationName: string;
                            kind: string;
                            /** Format: date-time */
                            sentAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/attendance-export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The Personio report: one row per approved shift of the period (at most 93 days) and what a send would do with it */
        get: {
            parameters: {
                query: {
                    from: string;
                    to: string;
                    departmentId?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: string;
                            to: string;
                            departmentId: string | null;
                            counts: {
                                new: number;
                                changed: number;
                                unchanged: number;
                                removed: number;
                                blocked: number;
                            };
                            rows: {
                                shiftId: string;
                                employeeId: string | null;
                                employeeName: string | null;
                                personioId: string | null;
                                departmentId: string | null;
                                date: string;
                                startTime: string;
                                endTime: string;
                                breakMinutes: number;
                                /** @enum {string} */
                                state: "new" | "changed" | "unchanged" | "removed" | "blocked";
                                /** @enum {string|null} */
                                reason: "not_linked" | "break_too_long" | "not_contiguous" | "no_work" | "too_long" | "refused" | "failing" | null;
                                message: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/attendance-export/send": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send the period to Personio: new and changed shifts are written, removed ones deleted, unchanged ones left alone; per row the outcome. it first reads the period back, so what was changed or deleted in Personio is written again; repair: false trusts Koppel’s journal alone (no reads) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        from: string;
                        to: string;
                        /** Format: uuid */
                        departmentId?: string;
                        /** @description Default true: read the period back first. false: go by the journal only */
                        repair?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            runId: string;
                            /** @enum {string} */
                            status: "running" | "succeeded" | "partial" | "failed";
                            counts: {
                                created: number;
                                updated: number;
                                removed: number;
                                unchanged: number;
                                refused: number;
                                retrying: number;
                                dead: number;
                            };
                            outcomes: {
                                sent: number;
                                unchanged: number;
                                removed: number;
                                refused: number;
                                retrying: number;
                                blocked: number;
                            };
                            rows: {
                                shiftId: string;
                                employeeId: string | null;
                                employeeName: string | null;
                                personioId: string | null;
                                departmentId: string | null;
                                date: string;
                                startTime: string;
                                endTime: string;
                                breakMinutes: number;
                                /** @enum {string} */
                                state: "new" | "changed" | "unchanged" | "removed" | "blocked";
                                /** @enum {string|null} */
                                reason: "not_linked" | "break_too_long" | "not_contiguous" | "no_work" | "too_long" | "refused" | "failing" | null;
                                message: string | null;
                                /** @enum {string} */
                                outcome: "sent" | "unchanged" | "removed" | "refused" | "retrying" | "blocked";
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/attendance-export/reconciliation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per person and day, the periods Koppel holds next to those Personio holds (read back), and where they differ */
        get: {
            parameters: {
                query: {
                    from: string;
                    to: string;
                    departmentId?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: string;
                            to: string;
                            matching: number;
                            differences: {
                                employeeId: string | null;
                                employeeName: string | null;
                                personioId: string;
                                date: string;
                                koppel: {
                                    workMinutes: number;
                                    breakMinutes: number;
                                    periods: number;
                                } | null;
                                personio: {
                                    workMinutes: number;
                                    breakMinutes: number;
                                    periods: number;
                                } | null;
                                /** @enum {string} */
                                difference: "missing_in_personio" | "only_in_personio" | "different";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/loket/mappings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Loket mappings: department → cost center and distribution unit, hour / wage component → Loket component number */
        get: {
            parameters: {
                query?: {
                    administrationId?: string;
                    year?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Department → Loket cost center (its key) and distribution unit */
                            costCenters: {
                                koppelId: string;
                                name: string;
                                loketCode: string | null;
                                /** @description The Loket distribution unit's key (UUID) chosen for the department */
                                distributionUnit: string | null;
                            }[];
                            hourComponents: {
                                koppelId: string;
                                name: string;
                                loketCode: string | null;
                                code: string;
                            }[];
                            wageComponents: {
                                koppelId: string;
                                name: string;
                                loketCode: string | null;
                                code: string;
                            }[];
                            /** @description Loket's payroll components of the administration (when one is asked for) */
                            loketComponents: {
                                number: number;
                                description: string | null;
                            }[] | null;
                            /** @description Loket's cost centers of the administration, live (when one is asked for) */
                            loketCostCenters: {
                                key: number;
                                code: string | null;
                                description: string | null;
                            }[] | null;
                            /** @description Loket's distribution units of the administration, live (when one is asked for) */
                            loketDistributionUnits: {
                                key: string;
                                code: string | null;
                                description: string | null;
                            }[] | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/loket/mappings/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Saves one mapping table; component numbers, cost centers and distribution units are checked against the administration's live lists (unknown → 400 per row); null removes */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    kind: "cost_center" | "distribution_unit" | "hour_component" | "wage_component";
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        administrationId?: string;
                        year?: number;
                        items: {
                            /** Format: uuid */
                            koppelId: string;
                            loketCode: string | null;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Department → Loket cost center (its key) and distribution unit */
                            costCenters: {
                                koppelId: string;
                                name: string;
                                loketCode: string | null;
                                /** @description The Loket distribution unit's key (UUID) chosen for the department */
                                distributionUnit: string | null;
                            }[];
                            hourComponents: {
                                koppelId: string;
                                name: string;
                                loketCode: string | null;
                                code: string;
                            }[];
                            wageComponents: {
                                koppelId: string;
                                name: string;
                                loketCode: string | null;
                                code: string;
                            }[];
                            /** @description Loket's payroll components of the administration (when one is asked for) */
                            loketComponents: {
                                number: number;
                                description: string | null;
                            }[] | null;
                            /** @description Loket's cost centers of the administration, live (when one is asked for) */
                            loketCostCenters: {
                                key: number;
                                code: string | null;
                                description: string | null;
                            }[] | null;
                            /** @description Loket's distribution units of the administration, live (when one is asked for) */
                            loketDistributionUnits: {
                                key: string;
                                code: string | null;
                                description: string | null;
                            }[] | null;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/loket/periods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The payroll administrations of the chosen employers with their periods of a year (live) */
        get: {
            parameters: {
                query: {
                    year: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                name: string;
                                employerId: string;
                                employerName: string;
                                employerNumber: number | null;
                                periods: {
                                    year: number;
                                    period: number;
                                    startDate: string;
                                    endDate: string;
                                }[];
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/loket/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The Loket report of one payroll period: hours per employee per mapped component (preview) */
        get: {
            parameters: {
                query: {
                    administrationId: string;
                    year: number;
                    period: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            administration: {
                                id: string;
                                name: string;
                                employerName: string;
                            };
                            period: {
                                year: number;
                                period: number;
                                startDate: string;
                                endDate: string;
                            };
                            /** @description The mapped Loket component numbers (the CSV columns) */
                            components: number[];
                            rows: {
                                employeeId: string;
                                name: string;
                                personnelNumber: string;
                                /** @description Where the row's hours are booked in Loket (cost center code · distribution unit), from the department mapping; null = Loket's default */
                                unit: string | null;
                                values: {
                                    component: number;
                                    hours: number;
                                    /** @enum {string} */
                                    state: "new" | "changed" | "unchanged" | "removed";
                                }[];
                                /** @description Values Loket would reject (negative, ≥ 1000, unknown component): the export is refused until fixed */
                                issues: {
                                    code: string;
                                    component: number | null;
                                }[];
                            }[];
                            /** @description Values sent earlier that are no longer there: a send deletes them in Loket (null) */
                            removed: number;
                            /** @description Hours on Koppel hour components without a Loket number (left out) */
                            unmapped: {
                                code: string;
                                hours: number;
                            }[];
                            filename: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/loket/report.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The period as Loket's CSV (collectieve mutaties, incl. verdelingseenheid; ';', decimal comma, CRLF) */
        get: {
            parameters: {
                query: {
                    administrationId: string;
                    year: number;
                    period: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/loket/report/mail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** E-mails the period's CSV with the import steps (default: the integration's notification addresses) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        administrationId: string;
                        year: number;
                        period: number;
                        to?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            to: string[];
                            filename: string;
                            rows: number;
                            /** @description Follow it at GET /mail-deliveries/{deliveryId} */
                            deliveryId: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/loket/report/send": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sends the period through Loket's API (PATCH payrollperioddata): only changes are written, dropped values deleted; per-item results */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        administrationId: string;
                        year: number;
                        period: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            runId: string;
                            status: string;
                            counts: {
                                created: number;
                                updated: number;
                                removed: number;
                                unchanged: number;
                                refused: number;
                                retrying: number;
                                dead: number;
                            };
                            items: {
                                idempotencyKey: string;
                                subjectId: string | null;
                                name: string | null;
                                action: string;
                                status: string;
                                errorCode?: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/oauth/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Connect (or reconnect) a vendor through its own authorization page (Nmbrs' consent, Loket's login): the form, if the vendor takes one, is kept encrypted for 15 minutes and the answer is the page to open (state + PKCE) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        vendor: "nmbrs" | "loket";
                        name?: string;
                        /** Format: uri */
                        baseUrl?: string | null;
                        /** @description The connect form, for a vendor whose form goes with the authorization (Nmbrs: the subscription key) */
                        credentials?: {
                            [key: string]: string;
                        };
                        /**
                         * Format: uri
                         * @description Where the vendor sends the browser back (registered with the vendor); default <PUBLIC_URL>/settings/integrations/oauth/callback
                         */
                        redirectUri?: string;
                        /** Format: uuid */
                        integrationId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authorizeUrl: string;
                            state: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/oauth/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The vendor page sent the browser back: exchange the code (once, with the PKCE verifier), check the tokens live, store them encrypted; the accounts (employers, debtors, companies) are for the scope choice */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        state: string;
                        code?: string;
                        error?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            integration: {
                                id: string;
                                vendor: string;
                                vendorLabel: string;
                                capabilities: ("employees:read" | "organisation:read" | "attendances:read" | "attendances:write" | "absences:read" | "payroll-hours:write" | "calendar:freebusy" | "calendar:events:write" | "video:meetings:write")[];
                                name: string;
                                baseUrl: string;
                                credentialsHint: string;
                                active: boolean;
                                settings: {
                                    contractFields: {
                                        function: boolean;
                                        endDates: boolean;
                                        contractHours: boolean;
                                        hourlyWages: boolean;
                                    };
                                    employeeFields: {
                                        birthDate: boolean;
                                        address: boolean;
                                        phone: boolean;
                                    };
                                    timeExchange: {
                                        attendances: boolean;
                                        absences: boolean;
                                    };
                                    absenceImport: {
                                        typeMap: {
                                            [key: string]: string;
                                        };
                                        backDays: number;
                                        aheadDays: number;
                                    };
                                    autoAddEmployees: boolean;
                                    payrollPeriodTypes: {
                                        [key: string]: "monthly" | "four_weekly" | "weekly";
                                    };
                                    notificationEmails: string[];
                                    syncTime: string;
                                    syncStartDate: string | null;
                                    attendanceExport: {
                                        continuous: boolean;
                                        from: string | null;
                                    };
                                };
                                /** @enum {string} */
                                health: "healthy" | "warnings" | "failing" | "reconnect_needed";
                                healthDetail: string | null;
                                /** Format: date-time */
                                lastSuccessAt: string | null;
                                firstSyncApplied: boolean;
                                accountScope: {
                                    id: string;
                                    name: string;
                                    /** @enum {string} */
                                    kind: "company" | "employer" | "debtor";
                                    parentId?: string;
                                }[] | null;
                                /** Format: date-time */
                                nextSyncAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                            reconnected: boolean;
                            accounts: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                kind: "company" | "employer" | "debtor";
                                parentId: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/nmbrs-hours/codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A company's Nmbrs hour codes (read live), Koppel's hour components and the code each is sent as */
        get: {
            parameters: {
                query: {
                    company: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            hourCodes: {
                                code: number;
                                description: string;
                            }[];
                            components: {
                                id: string;
                                name: string;
                                code: string | null;
                                hourCode: number | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/nmbrs-hours/mapping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Which Nmbrs hour code each Koppel hour component is sent as (replaces the mapping) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            hourComponentId: string;
                            hourCode: number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                hourComponentId: string;
                                hourCode: number;
                            }[];
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/nmbrs-hours": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The report of one payroll period of the company: approved hours per employee and mapped hour code, and what a send would do */
        get: {
            parameters: {
                query: {
                    company: string;
                    year: number;
                    period: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            company: {
                                id: string;
                                name: string;
                            };
                            /** @enum {string} */
                            periodType: "monthly" | "four_weekly" | "weekly";
                            /** @enum {string} */
                            periodTypeSource: "nmbrs" | "configured" | "assumed";
                            year: number;
                            period: number;
                            from: string;
                            to: string;
                            currentPeriod: {
                                year: number;
                                period: number;
                            };
                            protected: boolean;
                            unmapped: {
                                hourComponentId: string | null;
                                name: string | null;
                                hours: number;
                            }[];
                            counts: {
                                new: number;
                                changed: number;
                                unchanged: number;
                                removed: number;
                            };
                            rows: {
                                employeeId: string | null;
                                employeeName: string | null;
                                nmbrsEmployeeId: string;
                                hourCode: number;
                                hours: number;
                                /** @enum {string} */
                                state: "new" | "changed" | "unchanged" | "removed";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/nmbrs-hours/send": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send the period to Nmbrs: per employee and hour code only the difference to what Nmbrs holds; a period before the current one only with unprotected: true; refusals per row */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        company: string;
                        year: number;
                        period: number;
                        unprotected?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            company: {
                                id: string;
                                name: string;
                            };
                            /** @enum {string} */
                            periodType: "monthly" | "four_weekly" | "weekly";
                            /** @enum {string} */
                            periodTypeSource: "nmbrs" | "configured" | "assumed";
                            year: number;
                            period: number;
                            from: string;
                            to: string;
                            currentPeriod: {
                                year: number;
                                period: number;
                            };
                            protected: boolean;
                            unmapped: {
                                hourComponentId: string | null;
                                name: string | null;
                                hours: number;
                            }[];
                            runId: string;
                            /** @enum {string} */
                            status: "running" | "succeeded" | "partial" | "failed";
                            counts: {
                                created: number;
                                updated: number;
                                removed: number;
                                unchanged: number;
                                refused: number;
                                retrying: number;
                                dead: number;
                            };
                            rows: {
                                employeeId: string | null;
                                employeeName: string | null;
                                nmbrsEmployeeId: string;
                                hourCode: number;
                                hours: number;
                                /** @enum {string} */
                                state: "new" | "changed" | "unchanged" | "removed";
                                /** @enum {string} */
                                outcome: "pending" | "sent" | "retrying" | "dead" | "refused" | "dismissed" | "removing" | "removed";
                                reason: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/nmbrs-steps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The sync steps of an Nmbrs integration (companies, departments, functions, labour agreements, employees): green, red with the open count, or not offered; first = the first red step */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            steps: {
                                /** @enum {string} */
                                step: "companies" | "departments" | "functions" | "labour_agreements" | "employees";
                                /** @enum {string} */
                                state: "green" | "red" | "not_offered";
                                total: number;
                                open: number;
                            }[];
                            /** @enum {string|null} */
                            first: "companies" | "departments" | "functions" | "labour_agreements" | "employees" | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers (does not ask the database) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers; 503 while it does not */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: false;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
