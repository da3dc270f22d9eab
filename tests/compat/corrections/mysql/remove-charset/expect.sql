alter table projects convert to character set utf8mb4 collate utf8mb4_general_ci;
